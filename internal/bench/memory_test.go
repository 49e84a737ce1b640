package bench

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// TestMemoryLargeRoster logs the real parley UI (in tmux) into an account
// with 1,000 contacts that all published a nickname and an avatar,
// waits for the contact list, and reports parley's VmRSS.
func TestMemoryLargeRoster(t *testing.T) {
	gate(t)
	testenv.RequireBinary(t, "tmux")
	srv := testenv.Prosody(t)
	bin := testenv.Binary(t)
	jid, pw := testenv.Account(t, srv)
	owner := xmppclient.New(cfgFor(srv, jid, pw))
	if err := owner.Connect(testenv.Context(t, time.Minute)); err != nil {
		t.Fatal(err)
	}
	makeContacts(t, srv, owner, 1000, true)
	testenv.Eventually(t, time.Minute, "1,000 contacts on the roster", func() bool { return len(owner.Contacts()) == 1000 })
	_ = owner.Logout(testenv.Context(t, 10*time.Second))

	runs := 3
	if v, err := strconv.Atoi(os.Getenv("PARLEY_BENCH_RUNS")); err == nil && v > 0 {
		runs = v
	}
	var at0, at2, at10 []int
	for i := 0; i < runs; i++ {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			kb := uiRSS(t, bin, srv, jid, pw)
			at0, at2, at10 = append(at0, kb[0]), append(at2, kb[1]), append(at10, kb[2])
		})
	}
	t.Logf("SUMMARY VmRSS median over %d runs: %d KiB when the list showed, %d KiB 2 s later, %d KiB 10 s later",
		runs, medianInt(at0), medianInt(at2), medianInt(at10))
}

// uiRSS starts the UI cold (fresh HOME and XDG directories), logs in,
// waits for the contact list and returns VmRSS then, 2 s and 10 s later.
func uiRSS(t *testing.T, bin string, srv *sandbox.Server, jid, pw string) []int {
	env := isolatedEnv(t, t.TempDir())
	saveAccount(t, bin, env, srv, jid, pw)
	// --server and --ca prefill the login form's server and trust the
	// sandbox's CA; with no keyring the UI asks for the password.
	tm := testenv.StartTmux(t, 120, 40, env, bin, "--server", srv.Addr, "--ca", srv.CAFile, "--account", jid)
	tm.WaitFor(`▸ Password`, 30*time.Second)
	tm.Type(pw)
	start := time.Now()
	tm.Keys("Enter")
	tm.WaitFor(`(?s)Contacts\s+\d+\D+\b1000\b.*● CONNECTED`, 60*time.Second)
	listed := time.Since(start)
	shown := time.Now()
	pid := pidOf(t, bin)
	var kb []int
	for _, at := range []time.Duration{0, 2 * time.Second, 10 * time.Second} {
		time.Sleep(time.Until(shown.Add(at)))
		kb = append(kb, rssKB(t, pid))
		t.Logf("VmRSS %d KiB, %v after the contact list showed (%v after Enter)", kb[len(kb)-1], at, listed.Round(time.Millisecond))
	}
	t.Logf("screen:\n%s", tm.Screen())
	return kb
}

func medianInt(v []int) int {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
