package xmppclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"mellium.im/xmpp/jid"
)

const defaultTimeout = 15 * time.Second

// PreloadTrust starts loading the system's root certificates in the
// background. Go reads and parses the whole system bundle (about 30 ms and
// 2 MiB here) the first time they are needed and keeps them; a program
// about to log in to a server without a CA file of its own calls this at
// start so the log-in does not wait for it.
func PreloadTrust() {
	go func() { _, _ = x509.SystemCertPool() }()
}

// trust is what a connection trusts: a pin's one certificate (its
// anchor, once learnt), or a CA file and, with system, the system roots.
type trust struct {
	caFile string
	pin    string            // normalised fingerprint; "" for none
	anchor *x509.Certificate // the pinned certificate, once learnt
	system bool
}

// tlsConfig returns the TLS settings for domain, Go's verification always
// on and whole. With a pin, the only root is the pinned certificate (none
// until it is learnt, see openPinned). Otherwise, with a CA file, the
// certificates in it are trusted, and the system roots too when system is
// set; without one, the system roots alone.
func tlsConfig(domain string, t trust) (*tls.Config, error) {
	if t.pin != "" {
		roots := x509.NewCertPool()
		if t.anchor != nil {
			roots.AddCert(t.anchor)
		}
		return &tls.Config{ServerName: domain, RootCAs: roots, MinVersion: tls.VersionTLS12}, nil
	}
	caFile, withSystem := t.caFile, t.system
	var roots *x509.CertPool
	if caFile == "" || withSystem {
		if pool, err := x509.SystemCertPool(); err == nil {
			roots = pool
		}
	}
	if roots == nil {
		roots = x509.NewCertPool()
	}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, &CAFileError{Path: caFile, Err: err}
		}
		if !roots.AppendCertsFromPEM(pem) {
			return nil, &CAFileError{Path: caFile, Err: ErrNoCertificate}
		}
	}
	return &tls.Config{
		ServerName: domain,
		RootCAs:    roots,
		MinVersion: tls.VersionTLS12,
	}, nil
}

// connect dials the account's server: an explicit server (host:port) as
// given, with directTLS speaking TLS from the first byte (XEP-0368);
// otherwise the addresses the domain's SRV records name, each as its
// service says (srv.go).
func connect(ctx context.Context, domain jid.JID, server string, directTLS bool, tlsCfg *tls.Config) (net.Conn, error) {
	if server != "" {
		return dial(ctx, []target{{addr: server, directTLS: directTLS}}, tlsCfg)
	}
	return dial(ctx, discoverTargets(ctx, net.DefaultResolver, domain.Domainpart(), nil), tlsCfg)
}

// dial connects to the first target that answers. A direct TLS target is
// TLS from the first byte (and verified here), offering the "xmpp-client"
// protocol by ALPN as XEP-0368 asks.
func dial(ctx context.Context, targets []target, tlsCfg *tls.Config) (net.Conn, error) {
	if len(targets) == 0 {
		return nil, &DialError{Addr: tlsCfg.ServerName, Err: ErrNoService}
	}
	var d net.Dialer
	var lastErr error
	for _, tg := range targets {
		conn, err := d.DialContext(ctx, "tcp", tg.addr)
		if err == nil {
			conn = steadyWrites(quickACK(conn))
			// The handshake below reads ctx, but a deadline on the
			// connection holds whatever reads it (see openStreamTrusting).
			if dl, ok := ctx.Deadline(); ok {
				_ = conn.SetDeadline(dl)
			}
		}
		if err == nil && tg.directTLS {
			cfg := tlsCfg.Clone()
			cfg.NextProtos = []string{"xmpp-client"}
			tc := tls.Client(conn, cfg)
			if err = tc.HandshakeContext(ctx); err != nil {
				conn.Close()
			} else {
				conn = tc
			}
		}
		if err == nil {
			return conn, nil
		}
		lastErr = fmt.Errorf("dial %s: %w", tg.addr, err)
		if certError(err) != nil {
			// The server answered with a certificate that is refused:
			// another address of the same domain is no safer.
			return nil, classifyNetErr(lastErr, tg.addr)
		}
	}
	return nil, classifyNetErr(lastErr, targets[len(targets)-1].addr)
}

// classifyNetErr turns a dial or TLS failure into a *DialError or a
// *CertificateError.
func classifyNetErr(err error, addr string) error {
	if err == nil {
		return nil
	}
	if typed(err) {
		return err
	}
	if cerr := certError(err); cerr != nil {
		return cerr
	}
	if timedOut(err) {
		return &DialError{Addr: addr, Timeout: true, Err: err}
	}
	return &DialError{Addr: addr, Err: err}
}

// unknownAuthority reports whether err is a certificate signed by no
// trusted root (as opposed to one for another name, or expired).
func unknownAuthority(err error) bool {
	var unknown x509.UnknownAuthorityError
	return errors.As(err, &unknown)
}

// certError recognises a certificate verification failure, and describes
// the certificate presented.
func certError(err error) error {
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verr *tls.CertificateVerificationError
	var leaf *x509.Certificate
	if errors.As(err, &verr) && len(verr.UnverifiedCertificates) > 0 {
		leaf = verr.UnverifiedCertificates[0]
	}
	switch {
	case errors.As(err, &unknown), errors.As(err, &verr) && errors.As(verr.Err, &unknown):
		if leaf == nil {
			leaf = unknown.Cert
		}
		return permanent(certificateError(CertUnknownAuthority, leaf, err))
	case errors.As(err, &hostname):
		if leaf == nil {
			leaf = hostname.Certificate
		}
		return permanent(certificateError(CertWrongName, leaf, err))
	case errors.As(err, &invalid), errors.As(err, &verr):
		if leaf == nil {
			leaf = invalid.Cert
		}
		return permanent(certificateError(CertInvalid, leaf, err))
	}
	return nil
}
