package keystore

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
)

// TestRealKeyring stores, reads and deletes a password in a real Secret
// Service (gnome-keyring) through go-keyring. Run plainly, it re-executes
// this test binary inside a private session bus with a throwaway, unlocked
// login keyring (HOME and XDG_* in a temp dir), so the user's own keyring is
// never touched; the child does the work.
func TestRealKeyring(t *testing.T) {
	if os.Getenv("PARLEY_KEYRING_CHILD") != "" {
		realKeyringChild(t)
		return
	}
	// Unlocked and started, as a desktop log-in leaves it: --start makes
	// the daemon own the Secret Service name on the bus.
	runKeyringChild(t, "TestRealKeyring", `echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
gnome-keyring-daemon --start --components=secrets >/dev/null; exec "$@"`)
}

// TestStoppedKeyringIsNotStarted: a Secret Service that D-Bus could start
// (gnome-keyring installed) but that does not run is not used, and asking
// about it starts nothing: Parley never leaves a keyring daemon behind.
func TestStoppedKeyringIsNotStarted(t *testing.T) {
	if os.Getenv("PARLEY_KEYRING_CHILD") != "" {
		s, err := Open()
		if err != nil {
			t.Fatal(err)
		}
		if ok, why := s.Keyring(); ok || !strings.Contains(why, "not running") {
			t.Fatalf("Keyring() = %v, %q; want a stopped keyring left alone", ok, why)
		}
		if st, err := s.SavePassword("alice@example.org", "pw"); err != nil || st == StorageKeyring {
			t.Fatalf("SavePassword = %v, %v; want memory", st, err)
		}
		out, err := exec.Command("dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
			"/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:"+secretsName).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "boolean false") {
			t.Fatalf("after Parley asked, the Secret Service runs: %v\n%s", err, out)
		}
		return
	}
	runKeyringChild(t, "TestStoppedKeyringIsNotStarted", `exec "$@"`)
}

// runKeyringChild re-runs test inside a private session bus set up by
// script (sh, "$@" is the test binary), with a throwaway HOME and XDG_*,
// so the user's own keyring is never touched; the child does the work.
func runKeyringChild(t *testing.T, test, script string) {
	t.Helper()
	if _, needsBus := platform(); !needsBus {
		t.Skip("the Secret Service test is for Linux and the BSDs")
	}
	for _, tool := range []string{"sh", "dbus-run-session", "dbus-send", "gnome-keyring-daemon", "secret-tool"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, tool+" (install gnome-keyring dbus libsecret-tools to run the real keyring test)", err)
		}
	}

	// Short path: gnome-keyring puts its control socket under
	// XDG_RUNTIME_DIR. Removed by hand, ignoring errors, because the daemon
	// may still be exiting when the test ends.
	tmp, err := os.MkdirTemp("", "pkr")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	env := []string{"PARLEY_KEYRING_CHILD=1"}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case k == "HOME", strings.HasPrefix(k, "XDG_"), strings.HasPrefix(k, "DBUS_"),
			strings.HasPrefix(k, "GNOME_KEYRING"), k == "PARLEY_KEYRING_CHILD":
			continue
		}
		env = append(env, kv)
	}
	for k, sub := range map[string]string{
		"HOME": "home", "XDG_CONFIG_HOME": "config", "XDG_DATA_HOME": "data",
		"XDG_CACHE_HOME": "cache", "XDG_RUNTIME_DIR": "run",
	} {
		dir := filepath.Join(tmp, sub)
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		env = append(env, k+"="+dir)
	}

	// A bound on the whole child, in case the keyring setup itself hangs.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "dbus-run-session", "--", "sh", "-c", script, "sh",
		os.Args[0], "-test.run", "^"+test+"$", "-test.v", "-test.count=1")
	cmd.Env = env
	cmd.Dir = tmp
	cmd.WaitDelay = 10 * time.Second // the keyring daemon may hold the pipe while it exits
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the keyring child failed: %v\n%s", err, out)
	}
	// A child that skipped or ran nothing must not count as a pass.
	if !bytes.Contains(out, []byte("--- PASS: "+test)) {
		t.Fatalf("the keyring child did not pass %s:\n%s", test, out)
	}
	t.Logf("child output:\n%s", out)
}

func realKeyringChild(t *testing.T) {
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" {
		t.Fatal("child: no DBUS_SESSION_BUS_ADDRESS; run through dbus-run-session")
	}
	// Find the bus the way a desktop session without the variable does:
	// $XDG_RUNTIME_DIR/bus. Done before any go-keyring call, because godbus
	// keeps its first session connection for the whole process.
	if path, ok := unixPath(addr); ok {
		bus := filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), "bus")
		if err := os.Symlink(path, bus); err != nil {
			t.Fatal(err)
		}
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
		os.Unsetenv("DBUS_SESSION_BUS_ADDRESS")
		t.Logf("finding the bus through %s -> %s", bus, path)
	} else {
		t.Logf("bus address %q is not unix:path=, so $XDG_RUNTIME_DIR/bus is not tried", addr)
	}

	s, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	if ok, why := s.Keyring(); !ok {
		t.Fatalf("Keyring() = false, %q; want the Secret Service", why)
	}
	if got := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); got == "" {
		t.Fatal("DBUS_SESSION_BUS_ADDRESS still unset after finding the bus; godbus would run dbus-launch")
	}
	if d := s.Describe(); d != "Passwords are kept in the Secret Service keyring." {
		t.Errorf("Describe() = %q", d)
	}

	const jid = "alice@example.org"
	pw := randomPassword(t)
	if err := s.SaveAccount(Account{JID: jid, Server: "localhost:5222"}); err != nil {
		t.Fatal(err)
	}
	if st, err := s.SavePassword(jid, pw); err != nil || st != StorageKeyring {
		t.Fatalf("SavePassword = %v, %v; want keyring, nil", st, err)
	}
	// A fresh Store has nothing in memory: this read is the keyring's.
	s2, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	if got, st, err := s2.Password(context.Background(), jid); err != nil || got != pw || st != StorageKeyring {
		t.Fatalf("Password = %q, %v, %v; want the saved password from the keyring", got, st, err)
	}
	if got := secretToolLookup(t, jid); got != pw {
		t.Fatalf("secret-tool lookup service parley username %s = %q, want the saved password", jid, got)
	}
	assertNotInFiles(t, os.Getenv("XDG_CONFIG_HOME"), pw)

	// Saving again replaces the item.
	pw2 := randomPassword(t)
	if st, err := s.SavePassword(jid, pw2); err != nil || st != StorageKeyring {
		t.Fatalf("second SavePassword = %v, %v", st, err)
	}
	if got := secretToolLookup(t, jid); got != pw2 {
		t.Fatalf("after a second save secret-tool finds %q, want the new password", got)
	}

	if err := s.ForgetPassword(jid); err != nil {
		t.Fatal(err)
	}
	if got := secretToolLookup(t, jid); got != "" {
		t.Fatalf("after ForgetPassword secret-tool still finds %q", got)
	}
	if _, _, err := s2.Password(context.Background(), jid); !errors.Is(err, ErrNoPassword) {
		t.Fatalf("Password after ForgetPassword = %v, want ErrNoPassword", err)
	}
	if err := s.ForgetPassword(jid); err != nil {
		t.Errorf("forgetting a forgotten password = %v, want nil", err)
	}

	// RemoveAccount takes the secret with it.
	if _, err := s.SavePassword(jid, pw); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveAccount(jid); err != nil {
		t.Fatal(err)
	}
	if got := secretToolLookup(t, jid); got != "" {
		t.Fatalf("after RemoveAccount secret-tool still finds %q", got)
	}
}

// unixPath returns the socket path of a unix:path= bus address.
func unixPath(addr string) (string, bool) {
	rest, ok := strings.CutPrefix(addr, "unix:")
	if !ok {
		return "", false
	}
	for _, kv := range strings.Split(rest, ",") {
		if p, ok := strings.CutPrefix(kv, "path="); ok {
			return p, true
		}
	}
	return "", false
}

// secretToolLookup reads the item straight from the Secret Service; "" when
// there is none.
func secretToolLookup(t *testing.T, jid string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("secret-tool", "lookup", "service", Service, "username", jid)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && stdout.Len() == 0) {
		t.Fatalf("secret-tool lookup: %v: %s", err, stderr.String())
	}
	return strings.TrimSuffix(stdout.String(), "\n")
}

func randomPassword(t *testing.T) string {
	t.Helper()
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "pw-" + hex.EncodeToString(b)
}

// assertNotInFiles fails if any file under dir contains secret.
func assertNotInFiles(t *testing.T, dir, secret string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		n++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("%s contains the password", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
