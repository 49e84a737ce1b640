package demo

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/xmppclient"
)

// withConfig gives opts the sessions of srv as the application layer
// configures them (app.DemoConfig, whose own test checks the same fields).
// This package's tests cannot import internal/app, which imports it.
func withConfig(srv *sandbox.Server, opts Options) Options {
	opts.Config = func(jid, password string) xmppclient.Config {
		return xmppclient.Config{
			JID: jid, Password: password, Server: srv.Addr, CAFile: srv.CAFile, Sandbox: true,
			AvatarCacheDir: filepath.Join(Dir(srv), "cache"),
		}
	}
	return opts
}

// Without a way to configure its sessions the demo refuses to start
// rather than dial somewhere on its own.
func TestSeedNeedsConfig(t *testing.T) {
	srv := &sandbox.Server{Dir: t.TempDir(), Domain: "localhost", Addr: "127.0.0.1:1"}
	d, err := Seed(context.Background(), srv, Options{Friends: Cast[:1]})
	if err == nil {
		d.Close()
		t.Fatal("Seed without Options.Config succeeded")
	}
}
