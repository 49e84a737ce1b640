package xmppclient_test

import (
	"crypto/sha256"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// pemFingerprint is the SHA-256 of the certificate in a PEM file, in
// openssl's form, worked out here rather than with xmppclient.Fingerprint.
func pemFingerprint(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s: no PEM block", file)
	}
	sum := sha256.Sum256(block.Bytes)
	pairs := make([]string, len(sum))
	for i, b := range sum {
		pairs[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(pairs, ":")
}

// untrustedConfig reaches the fake server without its CA: its
// self-signed certificate is then vouched for by nobody.
func untrustedConfig(t *testing.T, f *testenv.FakeServer) xmppclient.Config {
	cfg := fakeConfig(f)
	cfg.CAFile = ""
	cfg.AvatarCacheDir, cfg.CacheDir = t.TempDir(), t.TempDir()
	return cfg
}

func TestUntrustedCertificateIsDescribed(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	want := pemFingerprint(t, f.CAFile)
	err := xmppclient.New(untrustedConfig(t, f)).Connect(testenv.Context(t, 20*time.Second))
	var cerr *xmppclient.CertificateError
	if !errors.As(err, &cerr) || cerr.Problem != xmppclient.CertUnknownAuthority {
		t.Fatalf("connect = %v, want an untrusted-certificate error", err)
	}
	if cerr.Fingerprint != want || cerr.Subject == "" || cerr.Issuer == "" || cerr.NotAfter.Before(time.Now()) || cerr.NotBefore.IsZero() {
		t.Errorf("certificate described as %q subject %q issuer %q valid %v–%v; want fingerprint %s and the rest filled",
			cerr.Fingerprint, cerr.Subject, cerr.Issuer, cerr.NotBefore, cerr.NotAfter, want)
	}
	if msg := errtext.Message(err); !strings.Contains(msg, "--trust-fingerprint "+want) {
		t.Errorf("message %q does not offer --trust-fingerprint with the fingerprint", msg)
	}
}

func TestTrustFingerprintLogsIn(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	fp := pemFingerprint(t, f.CAFile)
	for name, pin := range map[string]string{
		"openssl":             "sha256 Fingerprint=" + fp,
		"lower, no colons":    strings.ToLower(strings.ReplaceAll(fp, ":", "")),
		"upper, with colons ": fp,
	} {
		t.Run(name, func(t *testing.T) {
			cfg := untrustedConfig(t, f)
			cfg.TrustFingerprint = pin
			c := xmppclient.New(cfg)
			if err := c.Connect(testenv.Context(t, 20*time.Second)); err != nil {
				t.Fatalf("connect with the right pin: %v", err)
			}
			_ = c.Logout(testenv.Context(t, 5*time.Second))
		})
	}
}

func TestTrustFingerprintRefusesAnotherCertificate(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	other := testenv.NewFakeServer(t, testenv.FakeOptions{})
	presented, pinned := pemFingerprint(t, f.CAFile), pemFingerprint(t, other.CAFile)
	cfg := untrustedConfig(t, f)
	// The CA file vouches for the server, but the pin is for another
	// certificate: the pin wins.
	cfg.CAFile = f.CAFile
	cfg.TrustFingerprint = pinned
	err := xmppclient.New(cfg).Connect(testenv.Context(t, 20*time.Second))
	var cerr *xmppclient.CertificateError
	if !errors.As(err, &cerr) || cerr.Problem != xmppclient.CertPinMismatch {
		t.Fatalf("connect = %v, want a pin mismatch", err)
	}
	if cerr.Fingerprint != presented || cerr.Pinned != pinned {
		t.Errorf("mismatch carries %q and %q, want %s and %s", cerr.Fingerprint, cerr.Pinned, presented, pinned)
	}
	msg := errtext.Message(err)
	if errtext.Code(err) != errtext.Unavailable || !strings.Contains(msg, presented) || !strings.Contains(msg, pinned) {
		t.Errorf("refusal = %d %q, want 503 naming both fingerprints", errtext.Code(err), msg)
	}
	if got := leaked(f.Received(), cfg); len(got) > 0 {
		t.Fatalf("the client sent %q to a server with another certificate", got)
	}
}

func TestTrustFingerprintStillChecksTheName(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{CertName: "evil.example.net"})
	cfg := untrustedConfig(t, f)
	cfg.TrustFingerprint = pemFingerprint(t, f.CAFile)
	err := xmppclient.New(cfg).Connect(testenv.Context(t, 20*time.Second))
	var cerr *xmppclient.CertificateError
	if !errors.As(err, &cerr) || cerr.Problem != xmppclient.CertWrongName {
		t.Fatalf("connect = %v, want a certificate for another name", err)
	}
}

func TestTrustFingerprintMalformed(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	cfg := untrustedConfig(t, f)
	cfg.TrustFingerprint = "AB:CD"
	err := xmppclient.New(cfg).Connect(testenv.Context(t, 20*time.Second))
	if errtext.Code(err) != errtext.BadRequest || !strings.Contains(errtext.Message(err), "SHA-256 fingerprint") {
		t.Fatalf("connect = %d %q, want 400 about the fingerprint", errtext.Code(err), errtext.Message(err))
	}
}

// A pin learnt in this process (one handshake from then on) still refuses
// a server that now shows another certificate, naming both.
func TestLearntPinRefusesAChangedCertificate(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	pin := pemFingerprint(t, f.CAFile)
	cfg := untrustedConfig(t, f)
	cfg.TrustFingerprint = pin
	c := xmppclient.New(cfg)
	if err := c.Connect(testenv.Context(t, 20*time.Second)); err != nil {
		t.Fatalf("connect with the right pin: %v", err)
	}
	_ = c.Logout(testenv.Context(t, 5*time.Second))

	changed := testenv.NewFakeServer(t, testenv.FakeOptions{})
	cfg = untrustedConfig(t, changed)
	cfg.TrustFingerprint = pin
	err := xmppclient.New(cfg).Connect(testenv.Context(t, 20*time.Second))
	var cerr *xmppclient.CertificateError
	if !errors.As(err, &cerr) || cerr.Problem != xmppclient.CertPinMismatch || cerr.Pinned != pin || cerr.Fingerprint != pemFingerprint(t, changed.CAFile) {
		t.Fatalf("connect to the changed server = %v", err)
	}
}
