package xmppclient_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// The system roots are loaded once per process, so each case runs in a
// child test process whose SSL_CERT_FILE (Go's system bundle on Linux)
// the parent chooses.
const trustChildEnv = "PARLEY_TRUST_CHILD"

// TestTrustCAFileAddsToSystemRoots: --ca adds trust to the system roots
// rather than replacing them, although a log-in with a CA file first tries
// that file alone.
func TestTrustCAFileAddsToSystemRoots(t *testing.T) {
	if os.Getenv(trustChildEnv) != "" {
		trustChild(t)
		return
	}
	srv := testenv.Prosody(t)
	jid, pw := testenv.Account(t, srv)
	other := filepath.Join(t.TempDir(), "other-ca.pem")
	certPEM, _, err := sandbox.NewCert([]string{"other.example"}, time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	none := filepath.Join(t.TempDir(), "no-roots.pem")
	if err := os.WriteFile(none, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, systemRoots, caFile, want string
	}{
		// The server's certificate is in the CA file: no system roots needed.
		{"ca file vouches", none, srv.CAFile, "ok"},
		// The CA file does not vouch for it, the system roots do.
		{"system roots vouch", srv.CAFile, other, "ok"},
		{"system roots, no ca file", srv.CAFile, "", "ok"},
		// Neither does: refused as untrusted.
		{"nobody vouches", none, other, "untrusted"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestTrustCAFileAddsToSystemRoots$", "-test.count=1", "-test.v")
			cmd.Env = append(os.Environ(), trustChildEnv+"=1", "SSL_CERT_FILE="+c.systemRoots, "SSL_CERT_DIR=/nonexistent",
				"TRUST_ADDR="+srv.Addr, "TRUST_JID="+jid, "TRUST_PW="+pw, "TRUST_CA="+c.caFile, "TRUST_WANT="+c.want)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			// The child's own verdict, not just the binary's: a child that
			// ran no test, or skipped, also prints "PASS".
			if !strings.Contains(string(out), "--- PASS: TestTrustCAFileAddsToSystemRoots ") {
				t.Fatalf("child did not pass:\n%s", out)
			}
		})
	}
}

func trustChild(t *testing.T) {
	cfg := xmppclient.Config{JID: os.Getenv("TRUST_JID"), Password: os.Getenv("TRUST_PW"), Server: os.Getenv("TRUST_ADDR"),
		CAFile: os.Getenv("TRUST_CA"), Timeout: 10 * time.Second, AvatarCacheDir: t.TempDir(), CacheDir: t.TempDir()}
	c := xmppclient.New(cfg)
	err := c.Connect(testenv.Context(t, 30*time.Second))
	switch os.Getenv("TRUST_WANT") {
	case "ok":
		if err != nil {
			t.Fatalf("connect: %v", err)
		}
		_ = c.Logout(testenv.Context(t, 5*time.Second))
	default:
		if err == nil {
			_ = c.Logout(testenv.Context(t, 5*time.Second))
			t.Fatal("connected to a server no root vouches for")
		}
		if errtext.Code(err) != errtext.Unavailable || !strings.Contains(errtext.Message(err), "not trusted") {
			t.Fatalf("refusal = %d %q, want the untrusted-certificate sentence", errtext.Code(err), errtext.Message(err))
		}
	}
}
