package xmppclient

import (
	"errors"
	"fmt"
)

// Errors that callers test with errors.Is. Stanza errors from the server
// stay in the chain as mellium's stanza.Error (test with errors.As).
var (
	// ErrNotConnected: the client has no live session right now (it is
	// connecting, reconnecting, or was logged out).
	ErrNotConnected = errors.New("xmppclient: not connected")
	// ErrConnectionLost: the connection broke under a request.
	ErrConnectionLost = errors.New("xmppclient: connection lost")
	// ErrNoTLS: the server offers no STARTTLS, so no password is sent.
	ErrNoTLS = errors.New("xmppclient: server offers no TLS")
	// ErrNoMechanism: the server offers no login method Parley trusts
	// (SCRAM, or PLAIN inside TLS).
	ErrNoMechanism = errors.New("xmppclient: no acceptable login method")
)

// AuthError is a login the server refused with a SASL <failure/>
// (RFC 6120 §6.5).
type AuthError struct {
	Condition string // "not-authorized", "account-disabled", "temporary-auth-failure", …
	Text      string // the server's free text, if any
}

func (e *AuthError) Error() string {
	if e.Text != "" {
		return fmt.Sprintf("xmppclient: authentication failed: %s: %s", e.Condition, e.Text)
	}
	return "xmppclient: authentication failed: " + e.Condition
}

// Temporary reports whether the server asks to try again later.
func (e *AuthError) Temporary() bool { return e.Condition == "temporary-auth-failure" }

// CertificateProblem says why a server certificate was refused.
type CertificateProblem int

// The reasons a certificate is refused.
const (
	CertUnknownAuthority CertificateProblem = iota // signed by no CA we trust
	CertWrongName                                  // valid, but for another host name
	CertInvalid                                    // expired, not yet valid, malformed, …
)

// CertificateError is a server certificate that was not accepted; the
// password was not sent.
type CertificateError struct {
	Problem CertificateProblem
	Err     error // the verification error from crypto/tls or crypto/x509
}

func (e *CertificateError) Error() string {
	switch e.Problem {
	case CertUnknownAuthority:
		return "xmppclient: server certificate not trusted: " + e.Err.Error()
	case CertWrongName:
		return "xmppclient: server certificate is for another name: " + e.Err.Error()
	}
	return "xmppclient: server certificate not valid: " + e.Err.Error()
}

func (e *CertificateError) Unwrap() error { return e.Err }
