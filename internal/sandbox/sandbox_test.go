package sandbox_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/internal/testenv"
)

const (
	nsRegister = "http://jabber.org/features/iq-register"
	nsSASL     = "urn:ietf:params:xml:ns:xmpp-sasl"
)

func TestStartVerifyStopStartSamePort(t *testing.T) {
	srv := testenv.Prosody(t)
	ctx := testenv.Context(t, time.Minute)

	if srv.Addr != net.JoinHostPort("127.0.0.1", itoa(srv.Port)) || srv.Domain != "localhost" {
		t.Fatalf("server fields: addr %q port %d domain %q", srv.Addr, srv.Port, srv.Domain)
	}
	feats, err := sandbox.Probe(ctx, srv.Addr, "localhost", srv.CAFile)
	if err != nil {
		t.Fatalf("probe with the sandbox CA: %v", err)
	}
	if !feats.Has(nsSASL, "mechanisms") || !feats.Has(nsRegister, "register") {
		t.Errorf("features after TLS = %v, want SASL mechanisms and iq-register", feats.AfterTLS)
	}

	// Verification is on: a certificate from another CA is rejected.
	other := filepath.Join(t.TempDir(), "other.pem")
	writeSelfSigned(t, other)
	if _, err := sandbox.Probe(ctx, srv.Addr, "localhost", other); err == nil ||
		!strings.Contains(err.Error(), "certificate") {
		t.Errorf("probe with a foreign CA: err = %v, want a certificate error", err)
	}

	if err := srv.RegisterUser(ctx, "keep", "secret"); err != nil {
		t.Fatal(err)
	}
	port, pid := srv.Port, srv.PID()
	if err := srv.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if srv.Running() {
		t.Fatal("Running after Stop")
	}
	if c, err := net.Dial("tcp", srv.Addr); err == nil {
		c.Close()
		t.Fatal("port still accepts connections after Stop")
	}
	if err := srv.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}

	if err := srv.Start(ctx); err != nil {
		t.Fatalf("start again: %v", err)
	}
	if srv.Port != port || srv.PID() == pid || !srv.Running() {
		t.Errorf("after restart: port %d (was %d), pid %d (was %d), running %v", srv.Port, port, srv.PID(), pid, srv.Running())
	}
	if _, err := sandbox.Probe(ctx, srv.Addr, "localhost", srv.CAFile); err != nil {
		t.Fatalf("probe after restart: %v", err)
	}
	// The data dir survived: the account is still there.
	if err := srv.RegisterUser(ctx, "keep", "other"); !errors.Is(err, sandbox.ErrUserExists) {
		t.Errorf("account after restart: err = %v, want ErrUserExists", err)
	}
	if err := srv.Restart(ctx); err != nil {
		t.Fatalf("restart: %v", err)
	}
	if _, err := sandbox.Probe(ctx, srv.Addr, "localhost", srv.CAFile); err != nil {
		t.Fatalf("probe after Restart: %v", err)
	}
}

func TestRegisterUser(t *testing.T) {
	srv := testenv.Prosody(t)
	ctx := testenv.Context(t, time.Minute)

	if err := srv.RegisterUser(ctx, "alice", "pw one"); err != nil {
		t.Fatalf("register alice: %v", err)
	}
	err := srv.RegisterUser(ctx, "alice", "pw two")
	if !errors.Is(err, sandbox.ErrUserExists) || errtext.Code(err) != errtext.Conflict {
		t.Fatalf("duplicate: err = %v (code %d), want ErrUserExists / 409", err, errtext.Code(err))
	}
	if _, err := os.Stat(filepath.Join(srv.Dir, "data", "localhost", "accounts", "alice.dat")); err != nil {
		t.Errorf("account file: %v", err)
	}
	for _, bad := range []struct{ user, pw string }{{"", "x"}, {"a@b", "x"}, {"bob", ""}, {"bob", "a\nb"}} {
		if err := srv.RegisterUser(ctx, bad.user, bad.pw); errtext.Code(err) != errtext.BadRequest {
			t.Errorf("RegisterUser(%q, %q) = %v, want a 400", bad.user, bad.pw, err)
		}
	}
	jid1, _ := testenv.Account(t, srv)
	jid2, _ := testenv.Account(t, srv)
	if jid1 == jid2 || !strings.HasSuffix(jid1, "@localhost") {
		t.Errorf("accounts %q and %q", jid1, jid2)
	}
}

func TestClosedRegistration(t *testing.T) {
	srv := testenv.Prosody(t, testenv.ClosedRegistration)
	feats, err := sandbox.Probe(testenv.Context(t, time.Minute), srv.Addr, srv.Domain, srv.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	if feats.Has(nsRegister, "register") || !feats.Has(nsSASL, "mechanisms") {
		t.Errorf("features after TLS = %v, want SASL but no iq-register", feats.AfterTLS)
	}
	cfg, err := os.ReadFile(srv.ConfigFile)
	if err != nil || !strings.Contains(string(cfg), "allow_registration = false") {
		t.Errorf("config (err %v) lacks allow_registration = false", err)
	}
}

func TestStartFailures(t *testing.T) {
	testenv.RequireProsody(t)
	ctx := testenv.Context(t, time.Minute)

	t.Run("port in use", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		_, err = sandbox.Start(ctx, sandbox.Options{Dir: t.TempDir(), Port: l.Addr().(*net.TCPAddr).Port})
		if errtext.Code(err) != errtext.Conflict || !strings.Contains(err.Error(), "in use") {
			t.Errorf("err = %v, want a 409 naming the port in use", err)
		}
	})
	t.Run("prosody exits", func(t *testing.T) {
		srv, err := sandbox.Start(ctx, sandbox.Options{Dir: t.TempDir(), ExtraConfig: "this is not lua"})
		if err == nil {
			srv.Stop()
			t.Fatal("started with a broken config")
		}
		if errtext.Code(err) != errtext.Unavailable || !strings.Contains(err.Error(), "exited") ||
			!strings.Contains(err.Error(), "last lines") {
			t.Errorf("err = %v, want a 503 saying it exited, with the log tail", err)
		}
	})
	t.Run("unknown module", func(t *testing.T) {
		srv, err := sandbox.Start(ctx, sandbox.Options{Dir: t.TempDir(), Modules: []string{"no_such_module"}})
		if err == nil {
			srv.Stop()
			t.Fatal("started with a module that does not exist")
		}
		if !strings.Contains(err.Error(), "no_such_module") {
			t.Errorf("err = %v, want it to name the module", err)
		}
	})
	t.Run("bad options", func(t *testing.T) {
		for _, o := range []sandbox.Options{{}, {Dir: t.TempDir(), Domain: "a b"}, {Dir: t.TempDir(), Port: 70000}} {
			if _, err := sandbox.Start(ctx, o); errtext.Code(err) != errtext.BadRequest {
				t.Errorf("Start(%+v) = %v, want a 400", o, err)
			}
		}
	})
}

func TestDetached(t *testing.T) {
	testenv.RequireProsody(t)
	ctx := testenv.Context(t, time.Minute)
	dir := t.TempDir()
	t.Cleanup(func() { sandbox.StopDir(dir) })

	if running, srv, err := sandbox.StatusDir(dir); running || srv != nil || err != nil {
		t.Fatalf("status of an empty dir: %v %v %v", running, srv, err)
	}
	opts := sandbox.Options{Dir: dir, Port: testenv.FreePort(t)}
	srv, err := sandbox.StartDetached(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if srv.Port != opts.Port || srv.PID() == 0 {
		t.Fatalf("detached: port %d pid %d", srv.Port, srv.PID())
	}
	again, err := sandbox.StartDetached(ctx, opts)
	if err != nil || again.PID() != srv.PID() {
		t.Fatalf("second StartDetached: pid %d (want %d), err %v", again.PID(), srv.PID(), err)
	}
	running, loaded, err := sandbox.StatusDir(dir)
	if err != nil || !running {
		t.Fatalf("status: running %v err %v", running, err)
	}
	if loaded.PID() != srv.PID() || loaded.Addr != srv.Addr || loaded.CAFile != srv.CAFile || loaded.Domain != "localhost" {
		t.Errorf("loaded %+v, started %+v", loaded, srv)
	}
	if _, err := sandbox.Probe(ctx, loaded.Addr, loaded.Domain, loaded.CAFile); err != nil {
		t.Fatalf("probe detached: %v", err)
	}
	if err := loaded.RegisterUser(ctx, "carol", "pw"); err != nil {
		t.Errorf("register on a loaded sandbox: %v", err)
	}

	// A loaded sandbox restarts detached, alike, and is recorded again.
	if err := loaded.Restart(ctx); err != nil {
		t.Fatalf("restart a loaded sandbox: %v", err)
	}
	if running, again, err := sandbox.StatusDir(dir); !running || err != nil ||
		again.PID() != loaded.PID() || again.PID() == srv.PID() || again.Port != srv.Port {
		t.Fatalf("status after restart: running %v err %v, pid %d (loaded %d, first %d)", running, err, again.PID(), loaded.PID(), srv.PID())
	}

	if err := sandbox.StopDir(dir); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if running, srv, err := sandbox.StatusDir(dir); running || srv != nil || err != nil {
		t.Errorf("status after stop: %v %v %v", running, srv, err)
	}
	if err := sandbox.StopDir(dir); !errors.Is(err, sandbox.ErrNotRunning) {
		t.Errorf("second stop: %v, want ErrNotRunning", err)
	}
	if _, err := sandbox.Load(dir); !errors.Is(err, sandbox.ErrNotRunning) {
		t.Errorf("Load after stop: %v, want ErrNotRunning", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// writeSelfSigned writes a certificate for localhost that the sandbox
// server does not use.
func writeSelfSigned(t *testing.T, name string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
