package sandbox

import (
	"bytes"
	"crypto/tls"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestEnsureCert(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	now := time.Now()

	if err := ensureCert(certFile, keyFile, "localhost", now); err != nil {
		t.Fatal(err)
	}
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	leaf := pair.Leaf
	if !leaf.IsCA || leaf.VerifyHostname("localhost") != nil || leaf.VerifyHostname("127.0.0.1") != nil {
		t.Errorf("cert: IsCA %v, names %v, IPs %v", leaf.IsCA, leaf.DNSNames, leaf.IPAddresses)
	}
	if d := leaf.NotAfter.Sub(now); d < 360*24*time.Hour || d > 366*24*time.Hour {
		t.Errorf("cert valid for %v, want about a year", d)
	}
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode: %v %v", fi, err)
	}
	first := read(t, certFile)

	if err := ensureCert(certFile, keyFile, "localhost", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(read(t, certFile), first) {
		t.Error("a valid certificate was not reused")
	}

	if err := ensureCert(certFile, keyFile, "localhost", now.Add(350*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	renewed := read(t, certFile)
	if bytes.Equal(renewed, first) {
		t.Error("a certificate about to expire was reused")
	}

	if err := ensureCert(certFile, keyFile, "chat.example", now); err != nil {
		t.Fatal(err)
	}
	if !certUsable(certFile, keyFile, "chat.example", now) || bytes.Equal(read(t, certFile), renewed) {
		t.Error("a certificate without the domain was reused")
	}

	if err := os.WriteFile(keyFile, []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := ensureCert(certFile, keyFile, "chat.example", now); err != nil {
		t.Fatal(err)
	}
	if !certUsable(certFile, keyFile, "chat.example", now) {
		t.Error("a damaged key was not replaced")
	}
}

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
