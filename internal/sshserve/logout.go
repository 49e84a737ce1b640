package sshserve

import (
	"context"
	"time"

	"github.com/parley-im/parley/xmppclient"
)

// logoutBounded ends a session without letting a dead server hang us.
func logoutBounded(cl *xmppclient.Client) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = cl.Logout(ctx)
}
