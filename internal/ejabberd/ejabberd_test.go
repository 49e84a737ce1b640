package ejabberd_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/ejabberd"
	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/internal/testenv"
)

func TestStartRegisterStop(t *testing.T) {
	testenv.RequireEjabberd(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	began := time.Now()
	srv, err := ejabberd.Start(ctx, ejabberd.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("started in %v", time.Since(began))
	defer srv.Stop()
	feats, err := sandbox.Probe(ctx, srv.Addr, srv.Domain, srv.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	if !feats.Has("http://jabber.org/features/iq-register", "register") {
		t.Errorf("in-band registration not offered: %v", feats.AfterTLS)
	}
	if err := srv.RegisterUser(ctx, "alice", "secret"); err != nil {
		t.Fatal(err)
	}
	if err := srv.RegisterUser(ctx, "alice", "secret"); err == nil {
		t.Error("registering alice twice succeeded")
	}
	began = time.Now()
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	t.Logf("stopped in %v", time.Since(began))
	if _, err := sandbox.Probe(ctx, srv.Addr, srv.Domain, srv.CAFile); err == nil {
		t.Fatal("server still answers after Stop")
	}

	// Started again: same address, same accounts.
	began = time.Now()
	if err := srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("started again in %v", time.Since(began))
	if _, err := sandbox.Probe(ctx, srv.Addr, srv.Domain, srv.CAFile); err != nil {
		t.Fatalf("no XMPP on %s after Start: %v", srv.Addr, err)
	}
	if err := srv.Start(ctx); err == nil {
		t.Error("a second Start of a running node succeeded")
	}
	if err := srv.RegisterUser(ctx, "alice", "secret"); err == nil {
		t.Error("alice is gone after the restart")
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
}

// A test binary that dies (say, killed by go test's timeout) takes its
// ejabberd with it: the guard stops the node once the pipe it reads from
// is closed.
func TestNodeStopsWhenItsStarterDies(t *testing.T) {
	testenv.RequireEjabberd(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := ejabberd.Start(ctx, ejabberd.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	ejabberd.DropGuardPipe(srv)
	testenv.Eventually(t, time.Minute, "the node stopped by its guard", func() bool {
		pctx, pcancel := context.WithTimeout(ctx, 2*time.Second)
		defer pcancel()
		_, err := sandbox.Probe(pctx, srv.Addr, srv.Domain, srv.CAFile)
		return err != nil && !srv.Running()
	})
}

func TestConfigOptions(t *testing.T) {
	open := ejabberd.RenderConfig("localhost", 5222, "/x/server.pem", ejabberd.Options{})
	closed := ejabberd.RenderConfig("localhost", 5222, "/x/server.pem", ejabberd.Options{ClosedRegistration: true, Debug: true})
	for _, c := range []struct {
		cfg, want, not string
	}{
		{open, "  register:\n    allow: all\n", "deny"},
		{open, "loglevel: info\n", "debug"},
		// As in Debian's ejabberd.yml; ejabberd's own default is off.
		{open, "  mod_roster:\n    versioning: true\n", "mod_roster: {}"},
		{closed, "  register:\n    deny: all\n", "register:\n    allow"},
		{closed, "loglevel: debug\n", "loglevel: info"},
	} {
		if !strings.Contains(c.cfg, c.want) || strings.Contains(c.cfg, c.not) {
			t.Errorf("config lacks %q or has %q:\n%s", c.want, c.not, c.cfg)
		}
	}
}
