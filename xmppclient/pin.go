package xmppclient

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"sync"

	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"
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

// pinnedCerts holds the certificates learnt for pins, by fingerprint: a
// SHA-256 fingerprint names one certificate, so the process can keep it
// for every later log-in and reconnect (one handshake instead of two).
var pinnedCerts sync.Map

// trustOf is what cfg trusts; system adds the system roots to a CA file.
// A pin that is no fingerprint is left as given, for openPinned to refuse.
func trustOf(cfg Config, system bool) trust {
	t := trust{caFile: cfg.CAFile, system: system}
	if cfg.TrustFingerprint != "" {
		t.pin = cfg.TrustFingerprint
		if pin, err := NormalizeFingerprint(cfg.TrustFingerprint); err == nil {
			t.pin = pin
			if v, ok := pinnedCerts.Load(pin); ok {
				t.anchor = v.(*x509.Certificate)
			}
		}
	}
	return t
}

// openPinned opens a stream to a server trusted by a pinned fingerprint
// (Config.TrustFingerprint): how a self-signed or private-CA server is
// trusted on first use.
//
// Verification is Go's own and whole; only the trust anchor changes: the
// one certificate with the pinned fingerprint, and nothing else, not even
// a CA that would vouch for another one (a changed certificate is never
// re-trusted silently). That certificate is learnt from the server
// itself: a first handshake with no root fails as unknown authority and
// carries the leaf; when its fingerprint is the pin, the log-in runs again
// with it as the only root, so its name and validity are checked as for
// any other server. Nothing that names the user or any secret is sent
// before that handshake (the stream header carries no 'from').
func openPinned(ctx context.Context, cfg Config, origin jid.JID, features []xmpp.StreamFeature, watchIn, watchOut io.Writer) (*xmpp.Session, error) {
	pin, err := NormalizeFingerprint(cfg.TrustFingerprint)
	if err != nil {
		return nil, permanent(err)
	}
	for {
		t := trustOf(cfg, false)
		sess, err := openStreamTrusting(ctx, cfg, origin, features, t, watchIn, watchOut)
		leaf := unknownLeaf(err)
		switch {
		case err == nil:
			return sess, nil
		case leaf != nil && Fingerprint(leaf) != pin:
			e := certificateError(CertPinMismatch, leaf, ErrPinMismatch)
			e.Pinned = pin
			return nil, permanent(e)
		case leaf == nil || t.anchor != nil:
			return nil, withPin(err, pin)
		}
		pinnedCerts.Store(pin, leaf)
	}
}

// unknownLeaf is the certificate a handshake refused for want of a
// trusted root, nil for any other failure.
func unknownLeaf(err error) *x509.Certificate {
	var unknown x509.UnknownAuthorityError
	if errors.As(err, &unknown) && unknown.Cert != nil {
		return unknown.Cert
	}
	var verr *tls.CertificateVerificationError
	if errors.As(err, &verr) && errors.As(verr.Err, &unknown) && len(verr.UnverifiedCertificates) > 0 {
		return verr.UnverifiedCertificates[0]
	}
	return nil
}

// withPin marks a certificate refusal as one under a pin.
func withPin(err error, pin string) error {
	var cerr *CertificateError
	if errors.As(err, &cerr) {
		cerr.Pinned = pin
	}
	return err
}
