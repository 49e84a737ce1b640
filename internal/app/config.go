package app

import (
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/xmppclient"
)

// base is the part of every xmppclient.Config that the front end sets.
func (a *App) base() xmppclient.Config {
	return xmppclient.Config{Logger: a.opts.Logger, DebugXML: a.opts.DebugXML, AvatarCacheDir: a.opts.AvatarCacheDir,
		DropStrangers: a.opts.Given.DropStrangers}
}

// config builds the client configuration for acc by the package's
// precedence: typed server, then the flags, then the saved account, then
// the running sandbox. The sandbox must be running only when it supplies
// the address.
func (a *App) config(acc keystore.Account, typedServer, typedPin string) (xmppclient.Config, error) {
	g := a.opts.Given
	cfg := a.base()
	cfg.JID = acc.JID
	cfg.Server = firstOf(typedServer, g.Server, acc.Server)
	cfg.CAFile = firstOf(g.CAFile, acc.CAFile)
	cfg.TrustFingerprint = firstOf(typedPin, g.TrustFingerprint, acc.TrustFingerprint)
	cfg.Sandbox = g.Sandbox || acc.Sandbox
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
	cfg.Server = firstOf(cfg.Server, srv.Addr)
	cfg.CAFile = firstOf(cfg.CAFile, srv.CAFile)
	return cfg, nil
}

// saved is the account as a successful log-in with cfg leaves it: the
// settings used, the certificate's pin among them, except that a sandbox
// account keeps no address, CA or pin (they are looked up afresh each
// time, and the sandbox may make a new certificate).
func saved(acc keystore.Account, cfg xmppclient.Config) keystore.Account {
	acc.Server, acc.CAFile, acc.Sandbox = cfg.Server, cfg.CAFile, cfg.Sandbox
	// The log-in succeeded, so the pin is a fingerprint; saved in one form.
	acc.TrustFingerprint, _ = xmppclient.NormalizeFingerprint(cfg.TrustFingerprint)
	if acc.Sandbox {
		acc.Server, acc.CAFile, acc.TrustFingerprint = "", "", ""
	}
	return acc
}
