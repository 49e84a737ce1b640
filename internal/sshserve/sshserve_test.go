package sshserve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
)

// newKey makes a client key pair.
func newKey(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// isolate points the XDG dirs and HOME at a temp dir.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "HOME"} {
		t.Setenv(v, filepath.Join(dir, strings.ToLower(v)))
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	return dir
}

// startServer serves on a free loopback port and returns its address and
// host key.
func startServer(t *testing.T, opts Options) (string, gossh.PublicKey) {
	t.Helper()
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		_ = srv.Close()
		select {
		case err := <-served:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return after Close")
		}
	})
	hostKeyPath, _ := DefaultHostKeyPath()
	if opts.HostKeyPath != "" {
		hostKeyPath = opts.HostKeyPath
	}
	pem, err := os.ReadFile(hostKeyPath)
	if err != nil {
		t.Fatalf("no host key at %s: %v", hostKeyPath, err)
	}
	hk, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	return ln.Addr().String(), hk.PublicKey()
}

// screen is the output of one SSH session.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// client is one SSH session with a terminal of w×h.
type client struct {
	conn *gossh.Client
	sess *gossh.Session
	out  *screen
	in   io.Writer // the keyboard
	w, h int
	// sizes records where in the output the terminal changed size.
	sizes []resizeAt
}

type resizeAt struct{ offset, w, h int }

// render is what a terminal of the client's size(s) shows for out.
func (c *client) render(out string) *vt {
	v := newVT(c.w, c.h)
	at := 0
	for _, r := range c.sizes {
		if r.offset > len(out) {
			break
		}
		v.write(out[at:r.offset])
		v.resize(r.w, r.h)
		at = r.offset
	}
	v.write(out[at:])
	return v
}

// resize changes the client's window size.
func (c *client) resize(t *testing.T, w, h int) {
	t.Helper()
	c.sizes = append(c.sizes, resizeAt{offset: len(c.out.String()), w: w, h: h})
	if err := c.sess.WindowChange(h, w); err != nil {
		t.Fatal(err)
	}
}

func dial(addr string, host gossh.PublicKey, key gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            "tester",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.FixedHostKey(host),
		Timeout:         10 * time.Second,
	})
}

func openClient(t *testing.T, addr string, host gossh.PublicKey, key gossh.Signer, w, h int) *client {
	t.Helper()
	conn, err := dial(addr, host, key)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	c := &client{conn: conn, sess: sess, out: &screen{}, w: w, h: h}
	sess.Stdout = c.out
	sess.Stderr = c.out
	if c.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close(); conn.Close() })
	return c
}

// waitScreen polls the session's screen until ok holds or the deadline.
func (c *client) waitScreen(t *testing.T, what string, ok func(v *vt) bool) *vt {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		v := c.render(c.out.String())
		if ok(v) {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s within the deadline; screen:\n%s\nraw output: %q", what, v, ansi.Strip(c.out.String()))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

const title = "◆ Parley"

// welcomeAt reports whether the screen shows the welcome screen laid out
// for w×h: the title, and the status bar on the last row with its
// right-aligned key hints ending at the right edge (the bar keeps a
// one-cell margin).
func welcomeAt(v *vt, w, h int) bool {
	if v.w != w || v.h != h || v.overflow {
		return false
	}
	lines := v.lines()
	if !strings.Contains(strings.Join(lines, "\n"), title) {
		return false
	}
	bar := strings.TrimRight(lines[h-1], " ")
	return strings.HasSuffix(bar, "quit") && ansi.StringWidth(bar) >= w-2
}

func writeAuthorizedKeys(t *testing.T, keys ...gossh.Signer) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("# test keys\n\n")
	for _, k := range keys {
		b.Write(gossh.MarshalAuthorizedKey(k.PublicKey()))
	}
	path := filepath.Join(t.TempDir(), "authorized_keys")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEachClientSeesItsOwnScreen(t *testing.T) {
	isolate(t)
	k1, k2 := newKey(t), newKey(t)
	keys, err := ReadAuthorizedKeys(writeAuthorizedKeys(t, k1, k2))
	if err != nil || len(keys) != 2 {
		t.Fatalf("ReadAuthorizedKeys: %d keys, %v", len(keys), err)
	}
	// The first key has a saved account; the second must not see it.
	keysDir, _ := DefaultKeysDir()
	st, err := keystore.OpenWith(keystore.Options{ConfigDir: filepath.Join(keysDir, Fingerprint(k1.PublicKey()))})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveAccount(keystore.Account{JID: "alice@example.org"}); err != nil {
		t.Fatal(err)
	}
	addr, host := startServer(t, Options{AuthorizedKeys: keys})

	c1 := openClient(t, addr, host, k1, 80, 24)
	c2 := openClient(t, addr, host, k2, 120, 40)
	v1 := c1.waitScreen(t, "80×24 welcome screen", func(v *vt) bool { return welcomeAt(v, 80, 24) && strings.Contains(v.String(), "alice@example.org") })
	v2 := c2.waitScreen(t, "120×40 welcome screen", func(v *vt) bool { return welcomeAt(v, 120, 40) })
	if strings.Contains(v2.String(), "alice@example.org") {
		t.Fatalf("the second key sees the first key's account:\n%s", v2)
	}
	_ = v1
	if _, err := os.Stat(filepath.Join(keysDir, Fingerprint(k2.PublicKey()))); err != nil {
		t.Fatalf("the second key has no configuration directory of its own: %v", err)
	}

	// A resize of one client re-lays its screen out, and only its own.
	c1.resize(t, 100, 30)
	c1.waitScreen(t, "100×30 welcome screen after the resize", func(v *vt) bool { return welcomeAt(v, 100, 30) })
	// The second client is still laid out at its own, distinct size once
	// it has answered a key typed after the first client's resize (the
	// key's message queues behind any size message the resize could have
	// sent it, so a leaked resize would show by then).
	if _, err := c2.in.Write([]byte("j")); err != nil {
		t.Fatal(err)
	}
	v2 = c2.waitScreen(t, "the second client's cursor moved", func(v *vt) bool { return cursorOn(v, "Log in with an existing account") })
	if !welcomeAt(v2, 120, 40) {
		t.Fatalf("the second client changed size with the first one's resize:\n%s", v2)
	}
	// And its own resize reaches it.
	c2.resize(t, 90, 28)
	c2.waitScreen(t, "90×28 welcome screen after the second client's resize", func(v *vt) bool { return welcomeAt(v, 90, 28) })
}

// cursorOn reports whether the welcome menu's cursor (▸) is on the line
// with item.
func cursorOn(v *vt, item string) bool {
	for _, l := range v.lines() {
		if strings.Contains(l, "▸") && strings.Contains(l, item) {
			return true
		}
	}
	return false
}

func TestUnknownKeyIsRefused(t *testing.T) {
	isolate(t)
	known, stranger := newKey(t), newKey(t)
	addr, host := startServer(t, Options{AuthorizedKeys: []gossh.PublicKey{known.PublicKey()}})
	conn, err := dial(addr, host, stranger)
	if err == nil {
		conn.Close()
		t.Fatal("a key outside the authorized keys was let in")
	}
	if !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("unexpected error for an unknown key: %v", err)
	}
	conn, err = dial(addr, host, known)
	if err != nil {
		t.Fatalf("the authorized key was refused: %v", err)
	}
	conn.Close()
}

func TestNoKeysRefusesToStart(t *testing.T) {
	isolate(t)
	_, err := New(Options{})
	if errtext.Code(err) != errtext.BadRequest {
		t.Fatalf("New without keys or demo: %v", err)
	}
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, []byte("# nobody\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadAuthorizedKeys(empty); errtext.Code(err) != errtext.BadRequest {
		t.Fatalf("an authorized keys file without keys: %v", err)
	}
}

func TestHostKeyIsMadeOnceAndKept(t *testing.T) {
	isolate(t)
	k := newKey(t)
	addr1, host1 := startServer(t, Options{AuthorizedKeys: []gossh.PublicKey{k.PublicKey()}})
	addr2, host2 := startServer(t, Options{AuthorizedKeys: []gossh.PublicKey{k.PublicKey()}})
	if !bytes.Equal(host1.Marshal(), host2.Marshal()) || host1.Type() != gossh.KeyAlgoED25519 {
		t.Fatalf("host keys %s and %s", host1.Type(), host2.Type())
	}
	// Both servers present that key (FixedHostKey checks it).
	for _, addr := range []string{addr1, addr2} {
		conn, err := dial(addr, host1, k)
		if err != nil {
			t.Fatalf("dial %s: %v", addr, err)
		}
		conn.Close()
	}
}
