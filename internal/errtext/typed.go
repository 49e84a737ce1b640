package errtext

import (
	"errors"
	"fmt"
	"time"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/xmppclient"
)

// known returns the code and sentence of err itself (not of its chain):
// an *Error, or an exported error of xmppclient, profile, keystore or
// sandbox. An empty sentence means err's own text.
func known(err error) (int, string, bool) {
	switch e := err.(type) {
	case *Error:
		return e.Code, e.Message, true
	case stanza.Error:
		return stanzaCode(e.Condition), "", true
	}
	for _, words := range []func(error) (int, string, bool){xmppclientText, profileText, keystoreText, sandboxText} {
		if code, msg, ok := words(err); ok {
			return code, msg, true
		}
	}
	return 0, "", false
}

// stanzaCode maps a stanza error condition (RFC 6120 §8.3.3).
func stanzaCode(c stanza.Condition) int {
	switch c {
	case stanza.Forbidden, stanza.NotAllowed, stanza.SubscriptionRequired, stanza.RegistrationRequired, stanza.NotAuthorized:
		return Forbidden
	case stanza.ItemNotFound, stanza.RemoteServerNotFound, stanza.RecipientUnavailable:
		return NotFound
	case stanza.Conflict:
		return Conflict
	case stanza.BadRequest, stanza.JIDMalformed, stanza.NotAcceptable:
		return BadRequest
	case stanza.ServiceUnavailable, stanza.RemoteServerTimeout:
		return Unavailable
	case stanza.PolicyViolation, stanza.ResourceConstraint:
		return TooLarge
	}
	return Internal
}

// FormMessage is Message for a form that has a CA file field (the UI's
// log-in and registration forms): an untrusted certificate's advice names
// that field instead of the --ca flag.
func FormMessage(err error) string {
	if err == nil {
		return "Success"
	}
	var cert *xmppclient.CertificateError
	if errors.As(err, &cert) && cert.Problem == xmppclient.CertUnknownAuthority {
		return sentence(err) + " If you trust the server, give its CA certificate (a PEM file) in the CA file field."
	}
	return Message(err)
}

// advice is what the edge adds to a sentence: the CLI flag or the UI's
// status that protocol code must not name.
func advice(err error) string {
	var cert *xmppclient.CertificateError
	switch {
	case errors.As(err, &cert) && cert.Problem == xmppclient.CertUnknownAuthority && cert.Fingerprint != "":
		return fmt.Sprintf(" Its SHA-256 fingerprint is %s (subject %s, issuer %s, valid %s to %s); if that is the server's, trust it with --trust-fingerprint %s, or give the server's CA with --ca.",
			cert.Fingerprint, cert.Subject, cert.Issuer, cert.NotBefore.UTC().Format(time.DateOnly), cert.NotAfter.UTC().Format(time.DateOnly), cert.Fingerprint)
	case errors.As(err, &cert) && cert.Problem == xmppclient.CertUnknownAuthority:
		return " Give the server's CA with --ca if you trust it."
	case errors.As(err, &cert) && cert.Problem == xmppclient.CertPinMismatch && cert.Fingerprint != "":
		return " Only if the server's owner confirms the new certificate, trust it with --trust-fingerprint " + cert.Fingerprint + "."
	case errors.Is(err, xmppclient.ErrNotConnected), errors.Is(err, xmppclient.ErrConnectionLost):
		return " Try again when the status shows CONNECTED."
	}
	return ""
}
