package keystore

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/testenv"
)

func TestSessionBusAddress(t *testing.T) {
	// Unix socket paths are short; t.TempDir() may be too long on macOS.
	run, err := os.MkdirTemp("", "pk")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	t.Setenv("XDG_RUNTIME_DIR", run)

	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/some/bus")
	if a, _ := sessionBusAddress(); a != "unix:path=/some/bus" {
		t.Errorf("with the env set: %q", a)
	}

	for _, v := range []string{"", "autolaunch:"} {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", v)
		if a, why := sessionBusAddress(); a != "" || !strings.Contains(why, "D-Bus") {
			t.Errorf("DBUS_SESSION_BUS_ADDRESS=%q, empty runtime dir: %q, %q; want none", v, a, why)
		}
	}

	// A regular file named bus is not a bus.
	bus := filepath.Join(run, "bus")
	if err := os.WriteFile(bus, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if a, _ := sessionBusAddress(); a != "" {
		t.Errorf("regular file: %q, want none", a)
	}
	os.Remove(bus)

	l, err := net.Listen("unix", bus)
	if err != nil {
		testenv.Missing(t, "a unix socket", err)
	}
	defer l.Close()
	if a, _ := sessionBusAddress(); a != "unix:path="+bus {
		t.Errorf("socket: %q, want unix:path=%s", a, bus)
	}
}

func TestNoBusMeansNoKeyring(t *testing.T) {
	noBus(t)
	s, err := OpenWith(Options{ConfigDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if _, needsBus := platform(); !needsBus {
		t.Skip("this platform's keyring needs no D-Bus")
	}
	if ok, why := s.Keyring(); ok || why != "no D-Bus session bus" {
		t.Errorf("Keyring() = %v, %q; want false, no D-Bus session bus", ok, why)
	}
}
