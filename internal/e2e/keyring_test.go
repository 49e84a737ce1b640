package e2e

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/testenv"
)

// keyringLaunch unlocks a throwaway gnome-keyring in the private session
// bus dbus-run-session makes, stores the password there as Parley's
// keystore does (service "parley", username JID) and starts the UI for
// the saved account.
const keyringLaunch = `echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
printf '%s' "$E2E_PW" | secret-tool store --label=parley service parley username "$E2E_JID" || exit 1
exec "$E2E_BIN" --server "$E2E_ADDR" --ca "$E2E_CA" --account "$E2E_JID"`

// TestAccountLogsInFromTheKeyring: the real binary, given --account for a
// saved account whose password is in the Secret Service, logs straight in
// (no password typed, no form shown) inside its own dbus-run-session with
// a throwaway keyring; the user's keyring is never touched.
func TestAccountLogsInFromTheKeyring(t *testing.T) {
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon", "secret-tool"} {
		testenv.RequireBinary(t, tool)
	}
	w := newWorld(t)
	a := w.newAccount()
	// `parley connect` saves the account (server, CA) with no bus, so no
	// keyring: the password is only in the Secret Service set up below.
	cmd := exec.Command(w.bin, "connect", a.jid, "--server", w.srv.Addr, "--ca", w.srv.CAFile, "--password-stdin")
	cmd.Env = append(os.Environ(), w.env...)
	cmd.Env = append(cmd.Env, "DBUS_SESSION_BUS_ADDRESS=")
	cmd.Stdin = strings.NewReader(a.password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("parley connect: %v\n%s", err, out)
	}
	env := append(append([]string{}, w.env...), "E2E_BIN="+w.bin, "E2E_JID="+a.jid, "E2E_PW="+a.password,
		"E2E_ADDR="+w.srv.Addr, "E2E_CA="+w.srv.CAFile)
	tm := testenv.StartTmux(t, termW, termH, env, "dbus-run-session", "--", "sh", "-c", keyringLaunch)
	screen := tm.WaitFor(`● CONNECTED`, step)
	if strings.Contains(screen, "Password") {
		t.Fatalf("the UI asked for a password although the keyring holds it:\n%s", screen)
	}
}
