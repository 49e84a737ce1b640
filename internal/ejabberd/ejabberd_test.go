package ejabberd_test

import (
	"context"
	"testing"
	"time"

	"parley/internal/ejabberd"
	"parley/internal/sandbox"
	"parley/internal/testenv"
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
}
