package sandbox

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

const (
	certValidity = 365 * 24 * time.Hour
	// certMinLeft is how long an existing certificate must still be valid to
	// be reused; a sandbox that runs for weeks must not see it expire.
	certMinLeft = 30 * 24 * time.Hour
)

// ensureCert makes sure certFile and keyFile hold a matching, self-signed,
// CA-capable certificate for "localhost", 127.0.0.1 and domain, reusing a
// valid one already there.
func ensureCert(certFile, keyFile, domain string, now time.Time) error {
	if certUsable(certFile, keyFile, domain, now) {
		return nil
	}
	certPEM, keyPEM, err := newCert(domain, now)
	if err != nil {
		return err
	}
	// The key first: a crash in between leaves a cert without its key, which
	// certUsable rejects, rather than a stale key silently reused.
	if err := writeFileAtomic(keyFile, keyPEM, 0o600); err != nil {
		return fmt.Errorf("write sandbox key: %w", err)
	}
	if err := writeFileAtomic(certFile, certPEM, 0o644); err != nil {
		return fmt.Errorf("write sandbox certificate: %w", err)
	}
	return nil
}

// certUsable reports whether the pair on disk can be reused for domain.
func certUsable(certFile, keyFile, domain string, now time.Time) bool {
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil || pair.Leaf == nil {
		return false
	}
	leaf := pair.Leaf
	if now.Before(leaf.NotBefore) || now.Add(certMinLeft).After(leaf.NotAfter) || !leaf.IsCA {
		return false
	}
	for _, host := range []string{"localhost", "127.0.0.1", domain} {
		if leaf.VerifyHostname(host) != nil {
			return false
		}
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	_, err = leaf.Verify(x509.VerifyOptions{Roots: pool, CurrentTime: now, DNSName: domain})
	return err == nil
}

// newCert returns PEM blocks of a fresh sandbox certificate for domain
// (and localhost).
func newCert(domain string, now time.Time) (certPEM, keyPEM []byte, err error) {
	names := []string{"localhost"}
	if domain != "localhost" && net.ParseIP(domain) == nil {
		names = append(names, domain)
	}
	return NewCert(names, now, certValidity)
}

// NewCert returns PEM blocks of a fresh self-signed, CA-capable P-256
// certificate for the DNS names (plus 127.0.0.1 when "localhost" is one of
// them), valid from an hour before now for validity, and its key. The
// sandbox, the ejabberd launcher and the tests' fake server all use it:
// the certificate doubles as the CA file a client trusts.
func NewCert(names []string, now time.Time, validity time.Duration) (certPEM, keyPEM []byte, err error) {
	if len(names) == 0 {
		return nil, nil, fmt.Errorf("new certificate: no name")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("generate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, fmt.Errorf("generate certificate serial: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: names[len(names)-1], Organization: []string{"Parley sandbox"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(validity),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              names,
	}
	for _, n := range names {
		if n == "localhost" {
			tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1)}
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("create certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("encode key: %w", err)
	}
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	return certPEM, keyPEM, nil
}

// writeFileAtomic writes data to a temporary file next to name and renames
// it into place.
func writeFileAtomic(name string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after a successful rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
