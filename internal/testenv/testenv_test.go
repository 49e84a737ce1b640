package testenv

import (
	"errors"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/sandbox"
)

// recorder is a testing.TB that records Skipf and Fatalf instead of ending
// the test.
type recorder struct {
	testing.TB
	skipped, failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Skipf(string, ...any)  { r.skipped = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }

func TestMissingSkipsLocallyFailsInCI(t *testing.T) {
	cause := errors.New("not found")
	for _, c := range []struct {
		ci         string
		skip, fail bool
	}{{"", true, false}, {"false", true, false}, {"true", false, true}, {"1", false, true}} {
		t.Setenv("CI", c.ci)
		r := &recorder{TB: t}
		Missing(r, "thing", cause)
		if r.skipped != c.skip || r.failed != c.fail {
			t.Errorf("CI=%q: skipped %v failed %v, want %v %v", c.ci, r.skipped, r.failed, c.skip, c.fail)
		}
	}
}

func TestProsodyAccount(t *testing.T) {
	srv := Prosody(t)
	jid, pw := Account(t, srv)
	user, domain, ok := strings.Cut(jid, "@")
	if !ok || domain != "localhost" || pw == "" {
		t.Fatalf("Account = %q, %q", jid, pw)
	}
	err := srv.RegisterUser(Context(t, 0), user, "other")
	if !errors.Is(err, sandbox.ErrUserExists) {
		t.Errorf("the account was not created: re-registering gave %v", err)
	}
	if p := FreePort(t); p <= 0 || p == srv.Port {
		t.Errorf("FreePort = %d (server on %d)", p, srv.Port)
	}
}
