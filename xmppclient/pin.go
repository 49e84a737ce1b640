package xmppclient

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"strings"
	"time"
)

// Fingerprint is the SHA-256 fingerprint of a certificate (its DER bytes),
// written as openssl x509 -fingerprint -sha256 prints it: upper-case hex
// pairs joined by colons.
func Fingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	return formatFingerprint(hex.EncodeToString(sum[:]))
}

func formatFingerprint(hexDigits string) string {
	hexDigits = strings.ToUpper(hexDigits)
	var b strings.Builder
	for i := 0; i < len(hexDigits); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(hexDigits[i : i+2])
	}
	return b.String()
}

// NormalizeFingerprint accepts a SHA-256 fingerprint with or without
// colons (or spaces), in either case, and with openssl's "sha256
// Fingerprint=" in front, and returns it the way Fingerprint writes it. A
// value that is not 32 bytes of hex is a *FingerprintError.
func NormalizeFingerprint(s string) (string, error) {
	v := strings.TrimSpace(s)
	if i := strings.LastIndexByte(v, '='); i >= 0 {
		v = v[i+1:]
	}
	v = strings.NewReplacer(":", "", " ", "", "-", "").Replace(v)
	if b, err := hex.DecodeString(v); err != nil || len(b) != sha256.Size {
		return "", &FingerprintError{Value: s}
	}
	return formatFingerprint(v), nil
}

// certificateError is a *CertificateError for the presented leaf, with
// what a front end shows so that a person can decide whether to trust it.
func certificateError(p CertificateProblem, leaf *x509.Certificate, err error) *CertificateError {
	e := &CertificateError{Problem: p, Err: err}
	if leaf != nil {
		e.Subject = leaf.Subject.String()
		e.Issuer = leaf.Issuer.String()
		e.NotBefore, e.NotAfter = leaf.NotBefore, leaf.NotAfter
		e.Fingerprint = Fingerprint(leaf)
	}
	return e
}

// pinnedVerifier checks the server's certificate against a pinned
// fingerprint (Config.TrustFingerprint), for tls.Config.VerifyConnection.
//
// A pin trusts exactly one leaf certificate in place of a chain to a root:
// it is how a self-signed or private-CA server is trusted on first use.
// Only the chain is excused: the leaf must have the pinned fingerprint,
// and it is still verified with itself as the only root, so it must be for
// the domain (a pin does not make a certificate for another name good) and
// within its validity. Any other certificate is refused as CertPinMismatch,
// even one a CA vouches for: a changed certificate is never re-trusted
// silently.
//
// Go's own verification runs before VerifyConnection and would refuse the
// self-signed leaf, so the tls.Config that uses this sets
// InsecureSkipVerify and lets this function do all of the verification.
// VerifyConnection rather than VerifyPeerCertificate: it is called on
// every connection, resumed TLS sessions included, where
// VerifyPeerCertificate is skipped.
func pinnedVerifier(domain, pin string) func(tls.ConnectionState) error {
	return func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return permanent(&CertificateError{Problem: CertPinMismatch, Pinned: pin, Err: ErrPinMismatch})
		}
		leaf := cs.PeerCertificates[0]
		if fp := Fingerprint(leaf); fp != pin {
			e := certificateError(CertPinMismatch, leaf, ErrPinMismatch)
			e.Pinned = pin
			return permanent(e)
		}
		roots := x509.NewCertPool()
		roots.AddCert(leaf)
		_, err := leaf.Verify(x509.VerifyOptions{DNSName: domain, Roots: roots, CurrentTime: time.Now()})
		if err == nil {
			return nil
		}
		var e *CertificateError
		if _, wrongName := err.(x509.HostnameError); wrongName {
			e = certificateError(CertWrongName, leaf, err)
		} else {
			e = certificateError(CertInvalid, leaf, err)
		}
		e.Pinned = pin
		return permanent(e)
	}
}
