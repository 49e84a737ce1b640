package app

import (
	"context"
	"time"

	"github.com/parley-im/parley/internal/demo"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/profile"
)

// The policy of a serve-ssh visitor: each client key has its own account
// list whose passwords live in this process's memory only, and in demo
// mode a visitor reaches the local sandbox and nothing else.

// OpenVisitorStore opens the account list of one client key in dir. Its
// passwords are never written to the host's keyring or disk: the host's
// keyring belongs to the host's user, not to the visitors.
func OpenVisitorStore(dir string) (*keystore.Store, error) { return demo.OpenStore(dir) }

// NewVisitor returns the App of a serve-ssh visitor. The run's flags do
// not apply to visitors. With sandboxOnly (demo mode) it logs in only the
// store's sandbox accounts and registers only on the sandbox, so that an
// anonymous visitor cannot use the server to reach other XMPP servers.
func NewVisitor(opts Options, sandboxOnly bool) *App {
	opts.Given = Given{}
	opts.NoHistory = true
	opts.Images = profile.Sources{NoFiles: true, PublicOnly: true}
	a := New(opts)
	a.sandboxOnly = sandboxOnly
	return a
}

func errSandboxOnly() error {
	return errtext.New(errtext.Forbidden, "This demo server only reaches its own sandbox.")
}

// trialLogoutWait bounds the log-out of a trial account's set-up session.
const trialLogoutWait = 5 * time.Second

// AddTrialAccount makes a fresh trial account on d's sandbox, befriended
// with the demo friends, saves it in the visitor's store and returns its
// JID; the front end then logs it in.
func (a *App) AddTrialAccount(ctx context.Context, d *demo.Demo) (string, error) {
	p, cl, err := d.NewPresenter(ctx)
	if err != nil {
		return "", err
	}
	logoutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), trialLogoutWait)
	_ = cl.Logout(logoutCtx) // the UI logs in on its own
	cancel()
	if err := p.SaveIn(a.opts.Store); err != nil {
		return "", err
	}
	return p.JID, nil
}
