package app

import (
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/parley-im/parley/internal/sandbox"
)

// The demo's friends and presenter log in to the sandbox with its CA, and
// cache avatars inside the demo's directory (wiped with the sandbox).
func TestDemoConfigIsTheSandboxs(t *testing.T) {
	srv := &sandbox.Server{Dir: t.TempDir(), Domain: "localhost", Addr: "127.0.0.1:5299", CAFile: "/sandbox/ca.pem"}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	config := DemoConfig(srv, log)

	cfg := config("ada@localhost", "pw")
	if cfg.JID != "ada@localhost" || cfg.Password != "pw" || cfg.Server != srv.Addr || cfg.CAFile != srv.CAFile || !cfg.Sandbox ||
		cfg.TrustFingerprint != "" || cfg.Logger != log || cfg.DebugXML != nil || cfg.Quiet {
		t.Errorf("friend's config: %+v", cfg)
	}
	if want := filepath.Join(srv.Dir, "demo", "cache"); cfg.AvatarCacheDir != want {
		t.Errorf("avatar cache %q, want %q", cfg.AvatarCacheDir, want)
	}
	reg := config(srv.Domain, "")
	if reg.JID != srv.Domain || reg.Password != "" || reg.Server != srv.Addr || reg.CAFile != srv.CAFile || !reg.Sandbox {
		t.Errorf("registration's config: %+v", reg)
	}
}
