package errtext

import (
	"errors"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// typedCode maps the exported errors of xmppclient, profile and keystore
// to the README's status table, for an error that reaches the edge without
// an *Error around it.
func typedCode(err error) (int, bool) {
	var (
		auth  *xmppclient.AuthError
		cert  *xmppclient.CertificateError
		limit *profile.LimitError
		pixel *profile.PixelLimitError
		field *profile.FieldError
		se    stanza.Error
	)
	switch {
	case errors.As(err, &auth):
		if auth.Temporary() {
			return Unavailable, true
		}
		return Unauthorized, true
	case errors.Is(err, xmppclient.ErrNoMechanism):
		return Unauthorized, true
	case errors.As(err, &cert), errors.Is(err, xmppclient.ErrNoTLS),
		errors.Is(err, xmppclient.ErrNotConnected), errors.Is(err, xmppclient.ErrConnectionLost),
		errors.Is(err, keystore.ErrKeyringTimeout), errors.Is(err, keystore.ErrNotSaved):
		return Unavailable, true
	case errors.As(err, &limit), errors.As(err, &pixel):
		return TooLarge, true
	case errors.As(err, &field), errors.Is(err, keystore.ErrInvalidAddress):
		return BadRequest, true
	case errors.Is(err, keystore.ErrNoAccount), errors.Is(err, keystore.ErrNoPassword):
		return NotFound, true
	case errors.As(err, &se):
		return stanzaCode(se.Condition), true
	}
	return 0, false
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

// advice is what the edge adds to a sentence: the CLI flag or the UI's
// status that protocol code must not name.
func advice(err error) string {
	var cert *xmppclient.CertificateError
	switch {
	case errors.As(err, &cert) && cert.Problem == xmppclient.CertUnknownAuthority:
		return " Give the server's CA with --ca if you trust it."
	case errors.Is(err, xmppclient.ErrNotConnected), errors.Is(err, xmppclient.ErrConnectionLost):
		return " Try again when the status shows CONNECTED."
	}
	return ""
}
