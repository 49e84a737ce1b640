package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
)

// demoSetUp bounds `parley demo` setting up its friends and opening the UI.
const demoSetUp = 90 * time.Second

// TestDemoTrialAccountThrowawayUntilKept runs `parley demo`: the contact
// list says the trial account is throwaway and that k keeps it; k keeps it
// (no keyring here, so the password is shown to be noted); quitting says
// the sandbox still runs and forgets nothing; and a later `parley` lists
// the kept account on its welcome screen.
func TestDemoTrialAccountThrowawayUntilKept(t *testing.T) {
	w := newWorld(t)
	tm := testenv.StartTmux(t, termW, termH, w.env, w.bin, "demo", "--pace", "1h")
	joined := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	waitScreen(t, tm, demoSetUp, "the throwaway notice", func(s string) bool {
		return strings.Contains(joined(s), "Throwaway trial account: it is forgotten when you quit. k keeps it")
	})
	tm.Keys("k")
	kept := regexp.MustCompile(`Kept (guest\w+@localhost) as a saved account, but no keyring holds its password: note it now, it is not shown again: (\S+)`)
	screen := waitScreen(t, tm, step, "the kept account and its password", func(s string) bool {
		return kept.MatchString(joined(s))
	})
	jid := kept.FindStringSubmatch(joined(screen))[1]
	if strings.Contains(screen, "Throwaway") {
		t.Fatalf("still said to be throwaway after k:\n%s", screen)
	}
	tm.Keys("q")
	screen = waitScreen(t, tm, step, "the goodbye lines", func(s string) bool {
		return strings.Contains(joined(s), "The sandbox still runs at") && strings.Contains(s, "parley sandbox stop")
	})
	if strings.Contains(screen, "forgotten now") {
		t.Fatalf("a kept account is said to be forgotten:\n%s", screen)
	}

	later := w.startUI()
	later.WaitFor(`Your accounts\s+▸\s+`+q(jid)+`\s+sandbox · asks for password`, step)
}

// TestDemoThrowawayLeavesNoHistory: a chat in the demo writes the trial
// account's history; quitting without k forgets the account and its
// history with it.
func TestDemoThrowawayLeavesNoHistory(t *testing.T) {
	w := newWorld(t)
	tm := testenv.StartTmux(t, termW, termH, w.env, w.bin, "demo", "--pace", "1h")
	joined := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	screen := waitScreen(t, tm, demoSetUp, "the throwaway notice", func(s string) bool {
		return strings.Contains(joined(s), "Throwaway trial account") && strings.Contains(s, "CONNECTED")
	})
	jid := regexp.MustCompile(`guest\w+@localhost`).FindString(screen)
	tm.Keys("Enter")
	tm.WaitFor(`type a message`, step)
	tm.Type("a line for the history")
	tm.Keys("Enter")
	tm.WaitFor(`a line for the history ✓`, step)
	path := filepath.Join(lookup(w.env, "XDG_DATA_HOME"), "parley", "history", jid+".db")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the chat wrote no history at %s: %v", path, err)
	}
	tm.Keys("Escape")
	tm.WaitFor(`Contacts\s+\d+ available`, step) // a q right after Escape would be Alt+q
	tm.Keys("q")
	waitScreen(t, tm, step, "the goodbye lines", func(s string) bool {
		return strings.Contains(joined(s), "is forgotten now")
	})
	for _, f := range []string{path, path + ".hints", path + "-wal"} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s is still there after the trial account was forgotten", f)
		}
	}
}
