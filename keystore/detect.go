package keystore

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	dbus "github.com/godbus/dbus/v5"
)

// secretsName is the bus name a Secret Service (gnome-keyring, KeePassXC,
// KWallet) owns or can be activated under.
const secretsName = "org.freedesktop.secrets"

// platform says which keyring go-keyring uses on this OS: name is what
// Describe calls it, needsBus is true when it is the Secret Service, and
// name is "" when go-keyring has no keyring here.
func platform() (name string, needsBus bool) {
	switch runtime.GOOS {
	case "darwin":
		return "macOS Keychain", false
	case "windows":
		return "Windows Credential Manager", false
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		return "Secret Service keyring", true
	}
	return "", false
}

// sessionBusAddress finds an existing D-Bus session bus without starting
// one: DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus if it is a
// socket (/run/user/<uid>/bus when XDG_RUNTIME_DIR is unset). It returns ""
// and a reason when there is none. "autolaunch:" counts as none because
// that is exactly the value that makes godbus run dbus-launch.
func sessionBusAddress() (addr, reason string) {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return a, ""
	}
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" && os.Getuid() >= 0 {
		dir = fmt.Sprintf("/run/user/%d", os.Getuid())
	}
	if dir != "" {
		p := filepath.Join(dir, "bus")
		if fi, err := os.Stat(p); err == nil && fi.Mode().Type() == fs.ModeSocket {
			return "unix:path=" + dbus.EscapeBusAddressValue(p), ""
		}
	}
	return "", "no D-Bus session bus"
}

// busAddressSet reports whether godbus will find the bus from the
// environment, so that go-keyring cannot fall through to dbus-launch.
func busAddressSet() bool {
	a := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	return a != "" && a != "autolaunch:"
}

// probeSecretService asks the bus at addr whether a Secret Service is
// running. One that is only activatable does not count: talking to it
// would make D-Bus start a keyring daemon behind the user's back, which
// then outlives Parley (seen with gnome-keyring-daemon). It uses a private connection to that address so
// that nothing in godbus can decide to launch a bus, and gives up after
// timeout (a wedged bus daemon must not hang the caller).
func probeSecretService(addr string, timeout time.Duration) (ok bool, reason string) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	type result struct {
		ok     bool
		reason string
	}
	ch := make(chan result, 1)
	go func() {
		ok, reason := askBus(ctx, addr)
		ch <- result{ok, reason}
	}()
	select {
	case r := <-ch:
		return r.ok, r.reason
	case <-ctx.Done():
		return false, fmt.Sprintf("the D-Bus session bus did not answer within %s", timeout)
	}
}

func askBus(ctx context.Context, addr string) (bool, string) {
	// WithContext closes the connection when ctx ends, which unblocks a
	// handshake stuck on a wedged daemon.
	conn, err := dbus.Connect(addr, dbus.WithContext(ctx))
	if err != nil {
		return false, fmt.Sprintf("cannot connect to the D-Bus session bus: %v", err)
	}
	defer conn.Close()
	bus := conn.BusObject()
	var owned bool
	if err := bus.CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, secretsName).Store(&owned); err != nil {
		return false, fmt.Sprintf("cannot query the D-Bus session bus: %v", err)
	}
	if owned {
		return true, ""
	}
	var names []string
	if err := bus.CallWithContext(ctx, "org.freedesktop.DBus.ListActivatableNames", 0).Store(&names); err != nil {
		return false, fmt.Sprintf("cannot query the D-Bus session bus: %v", err)
	}
	if slices.Contains(names, secretsName) {
		return false, "a Secret Service is installed but not running, and Parley does not start one behind your back; unlock your keyring (a desktop log-in does) and try again"
	}
	return false, "no Secret Service on the D-Bus session bus; install gnome-keyring or KeePassXC"
}
