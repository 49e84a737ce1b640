package app

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// base is the part of every xmppclient.Config that the front end sets.
func (a *App) base() xmppclient.Config {
	return xmppclient.Config{Logger: a.opts.Logger, DebugXML: a.opts.DebugXML, AvatarCacheDir: a.opts.AvatarCacheDir,
		DropStrangers: a.opts.Given.DropStrangers}
}

// typed is what the user typed into a form for one log-in.
type typed struct {
	server, caFile, pin string
}

// config builds the client configuration for acc by the package's
// precedence: typed fields, then the flags, then the saved account, then
// the running sandbox. The sandbox must be running only when it supplies
// the address.
func (a *App) config(acc keystore.Account, t typed) (xmppclient.Config, error) {
	g := a.opts.Given
	cfg := a.base()
	cfg.JID = acc.JID
	cfg.Visibility = profile.Visibility(acc.ProfileVisibility)
	cfg.Server = firstOf(t.server, g.Server, acc.Server)
	cfg.CAFile = firstOf(typedPath(t.caFile), g.CAFile, acc.CAFile)
	cfg.TrustFingerprint = firstOf(t.pin, g.TrustFingerprint, acc.TrustFingerprint)
	// The account's direct TLS belongs to its server: another one typed
	// or given for this log-in speaks STARTTLS unless --direct-tls says.
	cfg.DirectTLS = g.DirectTLS || acc.DirectTLS && acc.Server != "" && cfg.Server == acc.Server
	cfg.Sandbox = g.Sandbox || acc.Sandbox
	cfg.Show, cfg.StatusText = xmppclient.Show(acc.PresenceShow), acc.PresenceText
	cfg.HideIdle = acc.HideIdle
	switch g.ShareIdle {
	case "on":
		cfg.HideIdle = false
	case "off":
		cfg.HideIdle = true
	}
	if !cfg.Sandbox {
		return cfg, nil
	}
	srv, err := a.Sandbox()
	if err != nil {
		if cfg.Server == "" {
			return cfg, err
		}
		return cfg, nil // dialled where the user said; no sandbox CA to add
	}
	onSandbox(&cfg, srv)
	return cfg, nil
}

// onSandbox points cfg at the running sandbox srv: its address and CA,
// where cfg has none from the user yet. Every session on the sandbox (a
// log-in, a registration, the demo's) gets them here.
func onSandbox(cfg *xmppclient.Config, srv *sandbox.Server) {
	cfg.Sandbox = true
	cfg.Server = firstOf(cfg.Server, srv.Addr)
	cfg.CAFile = firstOf(cfg.CAFile, srv.CAFile)
}

// saved is the account as a successful log-in with cfg leaves it: the
// settings used, the certificate's pin among them, except that a sandbox
// account keeps no address, CA or pin (they are looked up afresh each
// time, and the sandbox may make a new certificate).
func saved(acc keystore.Account, cfg xmppclient.Config) keystore.Account {
	acc.Server, acc.CAFile, acc.Sandbox = cfg.Server, cfg.CAFile, cfg.Sandbox
	acc.HideIdle = cfg.HideIdle // --share-idle is kept like --server
	acc.DirectTLS = cfg.DirectTLS && cfg.Server != ""
	// The log-in succeeded, so the pin is a fingerprint; saved in one form.
	acc.TrustFingerprint, _ = xmppclient.NormalizeFingerprint(cfg.TrustFingerprint)
	if acc.Sandbox {
		acc.Server, acc.CAFile, acc.TrustFingerprint, acc.DirectTLS = "", "", "", false
	}
	return acc
}

// typedPath is a file name typed into a form: trimmed, with a leading ~/
// for the home directory (no shell expands it there).
func typedPath(p string) string {
	p = strings.TrimSpace(p)
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}
