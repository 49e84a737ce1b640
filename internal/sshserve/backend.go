package sshserve

import (
	"context"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/ui"
	"github.com/parley-im/parley/xmppclient"
)

// sandboxOnly is the backend of a demo session: the local sandbox and
// nothing else, so that an anonymous visitor cannot use the server to
// reach other XMPP servers.
type sandboxOnly struct {
	ui.Backend
	store *keystore.Store
}

var errSandboxOnly = errtext.New(errtext.Forbidden, "This demo server only reaches its own sandbox.")

// Login lets in only the sandbox accounts of this key.
func (b sandboxOnly) Login(ctx context.Context, req ui.LoginRequest) (ui.Session, error) {
	acc, found, err := b.store.Account(req.JID)
	if err != nil {
		return nil, err
	}
	if !found || !acc.Sandbox || req.Server != "" {
		return nil, errSandboxOnly
	}
	return b.Backend.Login(ctx, req)
}

// Register creates accounts on the sandbox only.
func (b sandboxOnly) Register(ctx context.Context, req ui.RegisterRequest) (xmppclient.RegisterResult, ui.Session, string, error) {
	if !req.Sandbox {
		return xmppclient.RegisterResult{}, nil, "", errSandboxOnly
	}
	return b.Backend.Register(ctx, req)
}
