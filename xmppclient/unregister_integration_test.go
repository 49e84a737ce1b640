package xmppclient_test

import (
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
		again := xmppclient.New(config(srv, j, pw))
		err := again.Connect(ctx)
		var ae *xmppclient.AuthError
		if !errors.As(err, &ae) {
			_ = again.Logout(ctx)
			t.Fatalf("logging in to the deleted account gave %v, want an authentication failure", err)
		}
	})
}
