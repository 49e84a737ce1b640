package xmppclient_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// Unregister deletes the account: the client ends, and the password no
// longer logs in.
func TestUnregister(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		j, pw := testenv.Account(t, srv)
		c, _ := connectAs(t, srv, j, pw)
		ctx := testenv.Context(t, 30*time.Second)
		if err := c.Unregister(ctx); err != nil {
			t.Fatalf("unregister: %v", err)
		}
		if st := c.Status(); st != xmppclient.StatusDisconnected {
			t.Errorf("after unregistering the client is %s, want DISCONNECTED", st)
		}
		mustBeDeleted(t, srv, j, pw)
	})
}

// The server's answer to the removal is lost with the connection (here the
// proxy drops what the server sends; Prosody sends the answer just before
// it closes the stream, and a reset loses it): Unregister asks the server
// by a log-in, finds the account gone, and reports the success instead of
// waiting for an answer that cannot come.
func TestUnregisterWhenTheAnswerIsLost(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		p := testenv.NewProxy(t, srv.Addr)
		j, pw := testenv.Account(t, srv)
		cfg := config(srv, j, pw)
		cfg.Server = p.Addr
		c := xmppclient.New(cfg)
		ctx := testenv.Context(t, 30*time.Second)
		if err := c.Connect(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Logout(context.Background()) })
		p.DeafenOpen()
		start := time.Now()
		if err := c.Unregister(ctx); err != nil {
			t.Fatalf("unregister with the answer lost: %v", err)
		}
		if d := time.Since(start); d > 15*time.Second {
			t.Errorf("unregister took %s", d)
		}
		mustBeDeleted(t, srv, j, pw)
	})
}

// mustBeDeleted fails the test unless logging in as j is refused.
func mustBeDeleted(t *testing.T, srv *testenv.Server, j, pw string) {
	t.Helper()
	ctx := testenv.Context(t, 30*time.Second)
	again := xmppclient.New(config(srv, j, pw))
	err := again.Connect(ctx)
	var ae *xmppclient.AuthError
	if !errors.As(err, &ae) {
		_ = again.Logout(ctx)
		t.Fatalf("logging in to the deleted account gave %v, want an authentication failure", err)
	}
}
