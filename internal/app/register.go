package app

import (
	"context"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/xmppclient"
)

// registerConfig is where req registers: the running sandbox (asked for,
// or --sandbox), else req.Domain reached at the typed server, else
// --server; a typed CA file wins over --ca. The sandbox form has no server
// or CA field, so only --server and --ca override the sandbox's own
// address and CA.
func (a *App) registerConfig(req RegisterRequest) (xmppclient.Config, error) {
	g := a.opts.Given
	cfg := a.base()
	if a.sandboxOnly && !req.Sandbox {
		return cfg, errSandboxOnly()
	}
	if req.Sandbox || g.Sandbox {
		srv, err := a.Sandbox()
		if err != nil {
			return cfg, err
		}
		cfg.JID, cfg.Server, cfg.CAFile = srv.Domain, g.Server, firstOf(typedPath(req.CAFile), g.CAFile)
		cfg.TrustFingerprint, cfg.DirectTLS = g.TrustFingerprint, g.DirectTLS
		onSandbox(&cfg, srv)
		return cfg, nil
	}
	if req.Domain == "" {
		return cfg, errtext.New(errtext.BadRequest, "Say where to register: the server's domain, such as example.org.")
	}
	cfg.JID, cfg.Server, cfg.CAFile = req.Domain, firstOf(req.Server, g.Server), firstOf(typedPath(req.CAFile), g.CAFile)
	cfg.TrustFingerprint, cfg.DirectTLS = g.TrustFingerprint, g.DirectTLS
	return cfg, nil
}

// CreateAccount registers req's account (XEP-0077) and stores it and its
// password, without logging in. When the account was made but a later
// step (its metadata) failed, the result and the storage sentence come
// with the error: the credentials must not be lost.
func (a *App) CreateAccount(ctx context.Context, req RegisterRequest) (xmppclient.RegisterResult, string, error) {
	res, stored, _, err := a.create(ctx, req)
	return res, stored, err
}

func (a *App) create(ctx context.Context, req RegisterRequest) (xmppclient.RegisterResult, string, xmppclient.Config, error) {
	cfg, err := a.registerConfig(req)
	if err != nil {
		return xmppclient.RegisterResult{}, "", cfg, err
	}
	res, err := xmppclient.RegisterWith(ctx, cfg, req.Identifier, req.Meta, req.Fields)
	if res.UserJID == "" {
		return res, "", cfg, err
	}
	stored := a.storeCredentials(saved(keystore.Account{JID: res.UserJID}, cfg), res.Password)
	cfg.JID, cfg.Password = res.UserJID, res.Password
	return res, stored, cfg, err
}

// Register creates the account, stores it and its password, and logs it
// in. When only the log-in fails, the result and the storage sentence are
// still returned (with the error) so that the UI can show the
// credentials.
func (a *App) Register(ctx context.Context, req RegisterRequest) (res xmppclient.RegisterResult, s Session, stored string, err error) {
	res, stored, cfg, err := a.create(ctx, req)
	if err != nil {
		return res, nil, stored, err
	}
	s, err = a.connect(ctx, cfg)
	if err != nil {
		return res, nil, stored, err
	}
	return res, a.withHistory(ctx, s), stored, nil
}
