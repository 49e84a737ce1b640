package testenv

import (
	"context"
	"testing"

	"github.com/parley-im/parley/internal/ejabberd"
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
	return EjabberdWith(t, ejabberd.Options{})
}

// EjabberdWith is Ejabberd with options; Dir is a temporary directory
// unless set. A failed test shows the end of the server's log.
func EjabberdWith(t testing.TB, o ejabberd.Options) *ejabberd.Server {
	t.Helper()
	RequireEjabberd(t)
	srv, err := startEjabberd(t.Logf, o, t.TempDir)
	if err != nil {
		t.Fatalf("start ejabberd: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			for _, l := range srv.LogTail(logLinesOnFailure) {
				t.Logf("ejabberd: %s", l)
			}
		}
		if err := srv.Stop(); err != nil {
			t.Errorf("stop ejabberd: %v", err)
		}
	})
	return srv
}

// startEjabberd starts an ejabberd in o.Dir, or in a directory from
// tempDir when o.Dir is empty, trying twice; logf hears of a first failure.
func startEjabberd(logf func(string, ...any), o ejabberd.Options, tempDir func() string) (*ejabberd.Server, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*StartTimeout)
	defer cancel()
	fixed := o.Dir != ""
	if !fixed {
		o.Dir = tempDir()
	}
	srv, err := ejabberd.Start(ctx, o)
	if err != nil {
		// An Erlang VM that fails to boot once on a loaded machine usually
		// boots the second time; a real misconfiguration fails twice.
		logf("start ejabberd (first try): %v", err)
		if !fixed {
			o.Dir = tempDir()
		}
		srv, err = ejabberd.Start(ctx, o)
		if err != nil {
			return nil, err
		}
	}
	return srv, nil
}
