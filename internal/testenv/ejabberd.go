package testenv

import (
	"context"
	"testing"

	"parley/internal/ejabberd"
)

// RequireEjabberd skips or fails the test (see Missing) unless ejabberd is
// installed.
func RequireEjabberd(t testing.TB) {
	t.Helper()
	if _, err := ejabberd.Find(); err != nil {
		Missing(t, "ejabberd", err)
	}
}

// Ejabberd starts a throwaway ejabberd (domain "localhost") in a temporary
// directory on a free port and stops it when the test ends.
func Ejabberd(t testing.TB) *ejabberd.Server {
	t.Helper()
	RequireEjabberd(t)
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	srv, err := ejabberd.Start(ctx, ejabberd.Options{Dir: t.TempDir()})
	if err != nil {
		// An Erlang VM that fails to boot once on a loaded machine usually
		// boots the second time; a real misconfiguration fails twice.
		t.Logf("start ejabberd (first try): %v", err)
		srv, err = ejabberd.Start(ctx, ejabberd.Options{Dir: t.TempDir()})
	}
	if err != nil {
		t.Fatalf("start ejabberd: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			t.Errorf("stop ejabberd: %v", err)
		}
	})
	return srv
}
