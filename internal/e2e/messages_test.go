package e2e

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// TestOfflineMessagesReachTheUIOnce: five messages sent while the UI's
// account is logged out are not taken by a one-shot command (which the
// contact does not see come online), and then show in the UI's chat, in
// order, once each; `parley history` lists each once.
func TestOfflineMessagesReachTheUIOnce(t *testing.T) {
	w := newWorld(t)
	tm := w.startUI()
	a, _ := registerUI(t, tm, unique(t, "off"))
	b := w.connect(w.newAccount())
	befriend(t, tm, b, a.jid)

	tm.Type("/logout")
	tm.WaitFor(`(?m)^/logout`, step)
	tm.Keys("Enter")
	tm.WaitFor(`Logged out\.`, step)
	testenv.Eventually(t, step, b.jid+" sees "+a.jid+" offline", func() bool {
		ct, _ := b.c.Contact(a.jid)
		return ct.Show == xmppclient.ShowOffline
	})
	ctx := testenv.Context(t, 2*time.Minute)
	var want []string
	for i := range 5 {
		body := fmt.Sprintf("while away %d", i)
		if err := b.c.SendMessage(ctx, a.jid, body); err != nil {
			t.Fatal(err)
		}
		want = append(want, body)
	}
	if _, err := b.c.LastSeen(ctx, a.jid); err != nil { // the messages are stored
		t.Fatal(err)
	}

	out := w.parley(t, a.password+"\n", "whoami", "--account", a.jid, "--password-stdin")
	if !strings.Contains(out, `"statusCode": 200`) {
		t.Fatalf("whoami: %s", out)
	}
	if _, err := b.c.LastSeen(ctx, a.jid); err != nil { // after any presence it sent
		t.Fatal(err)
	}
	if ct, _ := b.c.Contact(a.jid); ct.Show != xmppclient.ShowOffline {
		t.Fatalf("the contact saw the one-shot command as %q", ct.Show)
	}

	tm.Keys("Enter")
	tm.WaitFor(`Password for `+q(a.jid)+`: `, step)
	tm.Type(a.password)
	tm.Keys("Enter")
	tm.WaitFor(`(?s)Contacts .*● CONNECTED\s+`+q(a.jid), step)
	tm.WaitFor(`● online\s+(◆ )?`+q(b.jid), step)
	tm.Keys("Enter") // the contact's row: open the chat
	screen := tm.WaitFor(`(?s)`+strings.Join(want, `.*`), step)
	for _, body := range want {
		if n := strings.Count(screen, body); n != 1 {
			t.Fatalf("%q shows %d times:\n%s", body, n, screen)
		}
	}

	var h struct {
		Data struct {
			Messages []struct{ Body string } `json:"messages"`
		} `json:"data"`
	}
	out = w.parley(t, "", "history", b.jid, "--account", a.jid)
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("history: %v\n%s", err, out)
	}
	seen := map[string]int{}
	for _, m := range h.Data.Messages {
		seen[m.Body]++
	}
	for _, body := range want {
		if seen[body] != 1 {
			t.Fatalf("history has %q %d times: %s", body, seen[body], out)
		}
	}
}

// parley runs the binary with the world's environment and stdin, and
// returns its standard output.
func (w *world) parley(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(w.bin, args...)
	cmd.Env = w.env
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.Output()
	if err != nil {
		if _, exit := err.(*exec.ExitError); !exit {
			t.Fatalf("parley %v: %v", args, err)
		}
	}
	return string(out)
}

// TestKilledDuringABurstLosesNothing: the UI is killed (SIGKILL) while a
// contact sends 150 messages; started again, it has every one of them in
// its history, each once, and shows the last.
func TestKilledDuringABurstLosesNothing(t *testing.T) {
	w := newWorld(t)
	tm := w.startUI()
	a, _ := registerUI(t, tm, unique(t, "kill"))
	b := w.connect(w.newAccount())
	befriend(t, tm, b, a.jid)
	ctx := testenv.Context(t, 2*time.Minute)

	const n = 150
	sent := make(chan error, 1)
	go func() {
		for i := range n {
			if err := b.c.SendMessage(ctx, a.jid, fmt.Sprintf("burst %03d", i)); err != nil {
				sent <- err
				return
			}
			if i%10 == 9 { // a round trip now and then spreads the burst out
				if _, err := b.c.LastSeen(ctx, a.jid); err != nil {
					sent <- err
					return
				}
			}
		}
		sent <- nil
	}()
	tm.WaitFor(`◆ \d+ unread`, step)
	tm.Kill()
	if err := <-sent; err != nil {
		t.Fatal(err)
	}

	tm = w.startUI()
	tm.WaitFor(`Your accounts\s+▸\s+`+q(a.jid), step)
	tm.Keys("Enter")
	tm.WaitFor(`Password for `+q(a.jid)+`: `, step)
	tm.Type(a.password)
	tm.Keys("Enter")
	tm.WaitFor(`(?s)Contacts .*● CONNECTED\s+`+q(a.jid), step)

	var h struct {
		Data struct {
			Messages []struct{ Body string } `json:"messages"`
		} `json:"data"`
	}
	seen := map[string]int{}
	testenv.Eventually(t, step, "every message of the burst in the history", func() bool {
		out := w.parley(t, "", "history", b.jid, "--account", a.jid, "--limit", "1000")
		if json.Unmarshal([]byte(out), &h) != nil {
			return false
		}
		seen = map[string]int{}
		for _, m := range h.Data.Messages {
			seen[m.Body]++
		}
		return len(seen) == n
	})
	for body, k := range seen {
		if k != 1 {
			t.Fatalf("%q is stored %d times", body, k)
		}
	}
	tm.WaitFor(`●\s+\S+\s+(◆ )?`+q(b.jid), step)
	tm.Keys("Enter")
	tm.WaitFor(fmt.Sprintf("burst %03d", n-1), step)
}
