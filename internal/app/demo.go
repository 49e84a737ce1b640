package app

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/parley-im/parley/internal/demo"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/xmppclient"
)

// SeedDemo seeds the demo friends on the running sandbox srv (demo.Seed)
// with sessions configured here, like every other session: opts.Config is
// always DemoConfig's.
func SeedDemo(ctx context.Context, srv *sandbox.Server, opts demo.Options) (*demo.Demo, error) {
	opts.Config = DemoConfig(srv, opts.Logger)
	return demo.Seed(ctx, srv, opts)
}

// DemoConfig is how the demo's sessions on srv (its friends, its
// presenter, their registrations) are configured: at the sandbox's address
// with its CA, logging to logger, the avatars cached in the demo's
// directory. No XML is copied to --debug-xml: the friends act all the time
// and would drown the user's own stanzas.
func DemoConfig(srv *sandbox.Server, logger *slog.Logger) func(jid, password string) xmppclient.Config {
	cache := filepath.Join(demo.Dir(srv), "cache")
	return func(jid, password string) xmppclient.Config {
		cfg := xmppclient.Config{JID: jid, Password: password, Logger: logger, AvatarCacheDir: cache}
		onSandbox(&cfg, srv)
		return cfg
	}
}

// KeepTrial keeps the demo's trial account p in a's account list (the
// user's own) as a sandbox account, its password in the keyring or, where
// there is none, shown once in the sentence returned: a throwaway
// password is not written to disk. An error means the account was not
// saved.
func (a *App) KeepTrial(p demo.Presenter) (string, error) {
	if err := a.opts.Store.SaveAccount(keystore.Account{JID: p.JID, Sandbox: true}); err != nil {
		return "", errtext.Wrap(errtext.Internal, err, "Could not keep the trial account %s: %v.", p.JID, err)
	}
	where, err := a.opts.Store.SavePassword(p.JID, p.Password)
	if err != nil || where != keystore.StorageKeyring {
		return fmt.Sprintf("Kept %s as a saved account, but no keyring holds its password: note it now, it is not shown again: %s", p.JID, p.Password), nil
	}
	return fmt.Sprintf("Kept %s: the account is saved and its password is in the keyring; 'parley' logs in with it while the sandbox runs.", p.JID), nil
}
