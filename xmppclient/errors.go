package xmppclient

import (
	"errors"
	"fmt"
	"io"
	"net"
	"reflect"
	"strings"
	"syscall"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/internal/apierr"
)

// permanentError marks a failure after which reconnecting is pointless: a
// wrong password or an untrusted certificate will not fix itself.
type permanentError struct{ err error }

func (p *permanentError) Error() string { return p.err.Error() }
func (p *permanentError) Unwrap() error { return p.err }

func permanent(err error) error { return &permanentError{err: err} }

func isPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// classifySASL turns a SASL failure into a 401. mellium returns the
// server's <failure/> as a type of an internal package (MELLIUM-NOTES trap
// 8), so it is recognised by its package path and its Condition read by
// reflection; the text alone is the server's free-form sentence. The
// classification is tested against Prosody.
func classifySASL(err error) error {
	cond, ok := saslCondition(err)
	if !ok {
		if strings.Contains(err.Error(), "no matching") {
			return permanent(apierr.Wrap(apierr.Unauthorized, err, "The server offers no login method Parley trusts (SCRAM, or PLAIN inside TLS)."))
		}
		return nil
	}
	switch cond {
	case "temporary-auth-failure":
		return apierr.Wrap(apierr.Unavailable, err, "The server could not check the password right now (%s); Parley will retry.", cond)
	case "account-disabled":
		return permanent(apierr.Wrap(apierr.Unauthorized, err, "The server says this account is disabled."))
	case "credentials-expired":
		return permanent(apierr.Wrap(apierr.Unauthorized, err, "The server says the password has expired; set a new one with another client or the server's web page."))
	}
	return permanent(apierr.Wrap(apierr.Unauthorized, err, "The server refused the login: wrong password or unknown account (%s).", cond))
}

// saslCondition finds a SASL failure in err's chain and returns its
// condition name.
func saslCondition(err error) (string, bool) {
	for e := err; e != nil; e = errors.Unwrap(e) {
		v := reflect.ValueOf(e)
		if v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct || !strings.HasSuffix(v.Type().PkgPath(), "/internal/saslerr") {
			continue
		}
		if f := v.FieldByName("Condition"); f.IsValid() && f.CanInterface() {
			if s, ok := f.Interface().(fmt.Stringer); ok {
				return s.String(), true
			}
		}
		return "not-authorized", true
	}
	return "", false
}

// stanzaErr maps an XMPP stanza error to a status code and sentence.
func stanzaErr(err error, what string) error {
	if err == nil {
		return nil
	}
	var se stanza.Error
	if !errors.As(err, &se) {
		var ae *apierr.Error
		if errors.As(err, &ae) {
			return err
		}
		if connectionBroke(err) {
			return apierr.Wrap(apierr.Unavailable, err, "%s failed: the connection to the server broke (%v); try again when the status shows CONNECTED.", what, err)
		}
		return apierr.Wrap(apierr.Internal, err, "%s failed: %v", what, err)
	}
	text := errorText(se)
	detail := string(se.Condition)
	if text != "" {
		detail += ": " + text
	}
	switch se.Condition {
	case stanza.Forbidden, stanza.NotAllowed, stanza.SubscriptionRequired, stanza.RegistrationRequired, stanza.NotAuthorized:
		return apierr.Wrap(apierr.Forbidden, err, "%s: the server does not allow it (%s).", what, detail)
	case stanza.ItemNotFound, stanza.RemoteServerNotFound, stanza.RecipientUnavailable:
		return apierr.Wrap(apierr.NotFound, err, "%s: not found (%s).", what, detail)
	case stanza.Conflict:
		return apierr.Wrap(apierr.Conflict, err, "%s: conflict (%s).", what, detail)
	case stanza.BadRequest, stanza.JIDMalformed, stanza.NotAcceptable:
		return apierr.Wrap(apierr.BadRequest, err, "%s: the server rejected the request (%s).", what, detail)
	case stanza.ServiceUnavailable, stanza.RemoteServerTimeout:
		return apierr.Wrap(apierr.Unavailable, err, "%s: the service is unavailable (%s).", what, detail)
	case stanza.PolicyViolation, stanza.ResourceConstraint:
		return apierr.Wrap(apierr.TooLarge, err, "%s: the server refused it (%s).", what, detail)
	}
	return apierr.Wrap(apierr.Internal, err, "%s failed (%s).", what, detail)
}

// connectionBroke reports whether err is the stream's connection failing
// under a request (a write to a closed socket, EOF, a reset) rather than
// the request itself failing: the server is unavailable, not broken.
func connectionBroke(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, net.ErrClosed) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET)
}
