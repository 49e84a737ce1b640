package app

import (
	"context"
	"log/slog"
	"path/filepath"

	"github.com/parley-im/parley/internal/demo"
	"github.com/parley-im/parley/internal/sandbox"
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
