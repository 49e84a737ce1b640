package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// watchLine is one line of `parley watch`.
type watchLine struct {
	Event      string          `json:"event"`
	StatusCode int             `json:"statusCode"`
	Message    string          `json:"message"`
	Data       json.RawMessage `json:"data"`
}

// watcher is a running `parley watch` of a second account, on a machine
// of its own (private directories, no keyring).
type watcher struct {
	t     *testing.T
	lines chan watchLine
	seen  []string // every line so far, for failure messages
}

// startWatch runs `parley watch` for a with --server, --ca and
// --password-stdin; it is interrupted (and so logs out) when the test
// ends.
func (w *world) startWatch(a account) *watcher {
	w.t.Helper()
	env := isolatedEnv(w.t, w.t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, w.bin, "watch", "--account", a.jid,
		"--server", w.srv.Addr, "--ca", w.srv.CAFile, "--password-stdin")
	cmd.Env = childEnv(env)
	cmd.Stdin = strings.NewReader(a.password + "\n")
	cmd.Stderr = os.Stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.StdoutPipe()
	if err != nil {
		w.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		w.t.Fatalf("start parley watch: %v", err)
	}
	wt := &watcher{t: w.t, lines: make(chan watchLine, 256)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(wt.lines)
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
		for sc.Scan() {
			var l watchLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				l = watchLine{Event: "unparsable", Message: sc.Text()}
			}
			wt.lines <- l
		}
	}()
	w.t.Cleanup(func() {
		cancel()
		<-done
		_ = cmd.Wait()
	})
	return wt
}

// childEnv is the test's environment with env's entries applied: an
// entry without "=" removes that variable.
func childEnv(env []string) []string {
	drop := map[string]bool{}
	var set []string
	for _, kv := range env {
		name, _, ok := strings.Cut(kv, "=")
		drop[name] = true
		if ok {
			set = append(set, kv)
		}
	}
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !drop[name] {
			out = append(out, kv)
		}
	}
	return append(out, set...)
}

// waitFor reads lines until match holds for one, failing after limit or
// when the process ends; it returns the matching line.
func (wt *watcher) waitFor(limit time.Duration, what string, match func(watchLine) bool) watchLine {
	wt.t.Helper()
	deadline := time.After(limit)
	for {
		select {
		case l, ok := <-wt.lines:
			if !ok {
				wt.t.Fatalf("parley watch ended before %s; its output:\n%s", what, strings.Join(wt.seen, "\n"))
			}
			raw, _ := json.Marshal(l)
			wt.seen = append(wt.seen, string(raw))
			if match(l) {
				return l
			}
		case <-deadline:
			wt.t.Fatalf("no %s from parley watch within %v; its output:\n%s", what, limit, strings.Join(wt.seen, "\n"))
		}
	}
}

// connected matches the connection event with status CONNECTED.
func connected(l watchLine) bool {
	if l.Event != "connection" {
		return false
	}
	var d struct{ State string }
	return json.Unmarshal(l.Data, &d) == nil && d.State == "CONNECTED"
}

// profileData is the data of a profile event.
type profileData struct {
	UserJID  string `json:"userJid"`
	NickName string `json:"nickName"`
	Status   string `json:"statusText"`
}

// profileOf matches a profile event of jid for which ok holds.
func profileOf(jid string, ok func(profileData) bool) func(watchLine) bool {
	return func(l watchLine) bool {
		if l.Event != "profile" {
			return false
		}
		var d profileData
		if json.Unmarshal(l.Data, &d) != nil {
			return false
		}
		bare, _, _ := strings.Cut(d.UserJID, "/")
		return bare == jid && ok(d)
	}
}
