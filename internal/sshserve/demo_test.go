package sshserve

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/demo"
	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/internal/testenv"
)

// In demo mode any key gets in, each session as its own fresh trial
// account that already has the demo friends.
func TestDemoSessionsGetTrialAccountsWithFriends(t *testing.T) {
	testenv.RequireProsody(t)
	isolate(t)
	ctx := testenv.Context(t, 2*time.Minute)
	dir := filepath.Join(t.TempDir(), "sandbox")
	srv, err := sandbox.StartDetached(ctx, sandbox.Options{Dir: dir})
	if err != nil {
		t.Fatalf("start the sandbox: %v", err)
	}
	t.Cleanup(func() {
		if err := sandbox.StopDir(dir); err != nil && !errors.Is(err, sandbox.ErrNotRunning) {
			t.Errorf("stop the sandbox: %v", err)
		}
	})
	d, err := app.SeedDemo(ctx, srv, demo.Options{Friends: demo.Cast[:2]})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	t.Cleanup(d.Close)
	addr, host := startServer(t, Options{Demo: d, SandboxDir: dir})

	var accounts []string
	for _, size := range [][2]int{{90, 26}, {110, 32}} {
		c := openClient(t, addr, host, newKey(t), size[0], size[1]) // keys nobody listed
		v := c.waitScreen(t, "the contact list with the demo friends", func(v *vt) bool {
			s := v.String()
			return strings.Contains(s, demo.Cast[0].Nickname()) && strings.Contains(s, demo.Cast[1].Nickname()) && strings.Contains(s, "CONNECTED")
		})
		for _, l := range v.lines() {
			if i := strings.Index(l, "guest"); i >= 0 {
				accounts = append(accounts, strings.Fields(l[i:])[0])
				break
			}
		}
	}
	if len(accounts) != 2 || accounts[0] == accounts[1] {
		t.Fatalf("the two sessions did not get two trial accounts: %v", accounts)
	}
}
