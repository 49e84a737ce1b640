package e2e

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// Bounds of the waits. They are upper bounds: every wait polls and returns
// as soon as its condition holds.
const (
	termW, termH = 100, 30
	// step bounds one UI step, server round trips included.
	step = 20 * time.Second
	// logLines are shown from each log of a failed test.
	logLines = 30
)

// world is the setting of one test: a private home with its XDG
// directories, a sandbox Prosody where the UI looks for it, and the
// parley binary.
type world struct {
	t   *testing.T
	bin string
	// env is the environment parley runs with: the private directories,
	// and no session bus (so no keyring).
	env []string
	// stateDir holds parley's log.
	stateDir   string
	sandboxDir string
	srv        *sandbox.Server
}

// isolatedEnv makes the private directories of one machine under root and
// returns the environment entries for them; the last entry unsets
// DBUS_SESSION_BUS_ADDRESS (see testenv.StartTmux).
func isolatedEnv(t *testing.T, root string) []string {
	t.Helper()
	var env []string
	for _, d := range []struct{ name, dir string }{
		{"HOME", "home"},
		{"XDG_CONFIG_HOME", "config"},
		{"XDG_DATA_HOME", "data"},
		{"XDG_STATE_HOME", "state"},
		{"XDG_CACHE_HOME", "cache"},
		// The keystore also looks for a bus socket here.
		{"XDG_RUNTIME_DIR", "runtime"},
	} {
		p := filepath.Join(root, d.dir)
		if err := os.MkdirAll(p, 0o700); err != nil {
			t.Fatal(err)
		}
		env = append(env, d.name+"="+p)
	}
	return append(env, "DBUS_SESSION_BUS_ADDRESS")
}

// lookup returns the value of name in env.
func lookup(env []string, name string) string {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return v
		}
	}
	return ""
}

// newWorld prepares the setting and starts the sandbox in the directory
// the UI's Sandbox option reads: sandbox.DefaultDir() under the private
// XDG_DATA_HOME; opts shape the sandbox.
func newWorld(t *testing.T, opts ...func(*sandbox.Options)) *world {
	t.Helper()
	testenv.RequireBinary(t, "tmux")
	testenv.RequireProsody(t)
	w := &world{t: t, bin: testenv.Binary(t)}
	w.env = isolatedEnv(t, t.TempDir())
	w.stateDir = filepath.Join(lookup(w.env, "XDG_STATE_HOME"), "parley")
	// DefaultDir reads the environment: give it the UI's.
	t.Setenv("XDG_DATA_HOME", lookup(w.env, "XDG_DATA_HOME"))
	dir, err := sandbox.DefaultDir()
	if err != nil {
		t.Fatal(err)
	}
	w.sandboxDir = dir
	ctx, cancel := context.WithTimeout(context.Background(), testenv.StartTimeout)
	defer cancel()
	o := sandbox.Options{Dir: dir, Port: testenv.FreePort(t)}
	for _, opt := range opts {
		opt(&o)
	}
	w.srv, err = sandbox.StartDetached(ctx, o)
	if err != nil {
		t.Fatalf("start the sandbox: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			w.showLogs()
		}
		if err := sandbox.StopDir(dir); err != nil && !errors.Is(err, sandbox.ErrNotRunning) {
			t.Errorf("stop the sandbox: %v", err)
		}
	})
	return w
}

// showLogs prints the end of Prosody's and parley's logs.
func (w *world) showLogs() {
	for _, l := range w.srv.LogTail(logLines) {
		w.t.Logf("prosody: %s", l)
	}
	for _, l := range tail(filepath.Join(w.stateDir, "parley.log"), logLines) {
		w.t.Logf("parley: %s", l)
	}
}

// tail returns the last n lines of a file (none if it cannot be read).
func tail(name string, n int) []string {
	f, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return lines
}

// startUI runs `parley` (no arguments: the terminal UI) in tmux.
func (w *world) startUI() *testenv.Tmux {
	w.t.Helper()
	return testenv.StartTmux(w.t, termW, termH, w.env, w.bin)
}

// account is a second account, made on the server by the test.
type account struct {
	jid, password string
}

func (w *world) newAccount() account {
	w.t.Helper()
	j, pw := testenv.Account(w.t, w.srv)
	return account{jid: j, password: pw}
}

// peer is a second session driven by the test, with its event stream.
type peer struct {
	account
	c      *xmppclient.Client
	events <-chan xmppclient.Event
}

// connect logs a in with xmppclient; it logs out when the test ends.
func (w *world) connect(a account) *peer {
	w.t.Helper()
	c := xmppclient.New(xmppclient.Config{
		JID: a.jid, Password: a.password, Server: w.srv.Addr, CAFile: w.srv.CAFile,
		Timeout: 10 * time.Second, AvatarCacheDir: w.t.TempDir(),
	})
	events, _ := c.Subscribe()
	if err := c.Connect(testenv.Context(w.t, 30*time.Second)); err != nil {
		w.t.Fatalf("connect %s: %v", a.jid, err)
	}
	w.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Logout(ctx)
	})
	return &peer{account: a, c: c, events: events}
}

// registerUI creates an account through the UI's registration form
// (user name, Sandbox, submit) from the welcome screen of a fresh home,
// reads the credentials screen, and continues to the contact list. It
// returns the JID and the generated password shown, and that screen.
func registerUI(t *testing.T, tm *testenv.Tmux, user string) (account, string) {
	t.Helper()
	tm.WaitFor(`Welcome! Create a new account(?s:.*)▸  Create an account`, step)
	tm.Keys("Enter")
	tm.WaitFor(`▸ User name`, step)
	tm.Type(user)
	tm.Keys("Tab")
	tm.WaitFor(`▸ Where\s+\[x\] Sandbox`, step)
	tm.Keys("C-s")
	screen := tm.WaitFor(`Your account is ready(?s:.*)continue to your contacts`, step)
	a := account{jid: field(t, screen, "JID"), password: field(t, screen, "Password")}
	if want := user + "@localhost"; a.jid != want || field(t, screen, "User name") != user {
		t.Fatalf("the credentials screen shows another account than %s:\n%s", want, screen)
	}
	tm.Keys("Enter")
	tm.WaitFor(`(?s)Contacts .*● CONNECTED\s+`+regexp.QuoteMeta(a.jid), step)
	return a, screen
}

// field reads "Label   value" from a screen.
func field(t *testing.T, screen, label string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^\s+` + regexp.QuoteMeta(label) + `\s+(\S+)\s*$`).FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no %s on the screen:\n%s", label, screen)
	}
	return m[1]
}

// befriend makes the UI's account and p mutual contacts: p asks, the UI
// accepts with y (which asks back; p approves automatically), and both
// see each other online.
func befriend(t *testing.T, tm *testenv.Tmux, p *peer, uiJID string) {
	t.Helper()
	if err := p.c.AddContact(testenv.Context(t, 30*time.Second), uiJID, ""); err != nil {
		t.Fatalf("add %s: %v", uiJID, err)
	}
	tm.WaitFor(regexp.QuoteMeta(p.jid)+` asks to see your presence`, step)
	tm.Keys("y")
	testenv.Eventually(t, step, p.jid+" sees "+uiJID+" as a mutual contact online", func() bool {
		ct, ok := p.c.Contact(uiJID)
		return ok && ct.Subscription == "both" && ct.Show == xmppclient.ShowOnline
	})
	// The contact's row (the own card shows "● online" after the name).
	tm.WaitFor(`● online\s+`+regexp.QuoteMeta(p.jid), step)
}
