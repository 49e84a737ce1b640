package keystore

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
)

// trapBusLaunch puts dbus-launch and dbus-daemon stand-ins first on PATH
// (godbus auto-launches a bus by running dbus-launch from PATH); the test
// fails at the end if anything ran one.
func trapBusLaunch(t *testing.T) {
	t.Helper()
	bin := t.TempDir()
	marker := filepath.Join(t.TempDir(), "launched")
	for _, name := range []string{"dbus-launch", "dbus-daemon"} {
		script := "#!/bin/sh\necho \"$0 $*\" >> '" + marker + "'\nexit 1\n"
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Cleanup(func() {
		if b, err := os.ReadFile(marker); err == nil {
			t.Errorf("something ran dbus-launch or dbus-daemon: %s", b)
		}
	})
}

// TestNoKeyringRealCode runs the real go-keyring setup with no session bus:
// the password must stay in memory, reach no file, and no bus be started.
func TestNoKeyringRealCode(t *testing.T) {
	if _, needsBus := platform(); !needsBus {
		t.Skip("this platform's keyring needs no D-Bus")
	}
	requireSh(t)
	trapBusLaunch(t)
	home, run := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("XDG_RUNTIME_DIR", run)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	os.Unsetenv("DBUS_SESSION_BUS_ADDRESS") // really unset; t.Setenv restores it

	s, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	const jid, pw = "alice@example.org", "pw-never-on-disk-4711"
	if err := s.SaveAccount(Account{JID: jid, Server: "localhost:5222"}); err != nil {
		t.Fatal(err)
	}
	st, err := s.SavePassword(jid, pw)
	if err != nil || st != StorageMemory {
		t.Fatalf("SavePassword = %v, %v; want memory, nil", st, err)
	}
	if ok, why := s.Keyring(); ok || !strings.Contains(why, "D-Bus") {
		t.Errorf("Keyring() = %v, %q; want false naming D-Bus", ok, why)
	}
	if d := s.Describe(); !strings.Contains(d, "memory for this session only") {
		t.Errorf("Describe() = %q", d)
	}
	if got, st, err := s.Password(context.Background(), jid); err != nil || got != pw || st != StorageMemory {
		t.Errorf("Password = %q, %v, %v; want it from memory", got, st, err)
	}
	if err := s.Touch(jid); err != nil {
		t.Fatal(err)
	}

	if n := assertNotInFiles(t, home, pw); n == 0 {
		t.Fatal("no files were written at all; the search for the password proved nothing")
	}
	assertNotInFiles(t, run, pw)
	if ents, _ := os.ReadDir(run); len(ents) != 0 {
		t.Errorf("the runtime dir gained %d entries; nothing should create a bus", len(ents))
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		t.Error("DBUS_SESSION_BUS_ADDRESS was set with no bus")
	}

	// Another process (here: Store) does not know the password.
	s2, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s2.Password(context.Background(), jid)
	if !errors.Is(err, ErrNoPassword) || !errors.Is(err, ErrNoKeyring) {
		t.Errorf("Password from a new Store = %v, want ErrNoPassword and ErrNoKeyring", err)
	}
	if err := s.RemoveAccount(jid); err != nil {
		t.Fatal(err)
	}
}

// TestSilentBusTimesOut: a socket at $XDG_RUNTIME_DIR/bus that accepts and
// never answers must not hang the caller: the probe gives up after the
// timeout and the password stays in memory.
func TestSilentBusTimesOut(t *testing.T) {
	if _, needsBus := platform(); !needsBus {
		t.Skip("this platform's keyring needs no D-Bus")
	}
	requireSh(t)
	trapBusLaunch(t)
	run, err := os.MkdirTemp("", "pk")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	l, err := net.Listen("unix", filepath.Join(run, "bus"))
	if err != nil {
		testenv.Missing(t, "a unix socket", err)
	}
	defer l.Close()
	go func() {
		var held []net.Conn // accept and never answer
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	t.Setenv("XDG_RUNTIME_DIR", run)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")

	s, err := OpenWith(Options{ConfigDir: t.TempDir(), Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if ok, why := s.Keyring(); ok || !strings.Contains(why, "did not answer") {
		t.Errorf("Keyring() = %v, %q; want false, did not answer", ok, why)
	}
	if st, err := s.SavePassword("alice@example.org", "pw"); err != nil || st != StorageMemory {
		t.Errorf("SavePassword = %v, %v; want memory, nil", st, err)
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		t.Error("DBUS_SESSION_BUS_ADDRESS was set for a bus that never answered")
	}
}
