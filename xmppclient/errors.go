package xmppclient

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/internal/apierr"
	"github.com/parley-im/parley/profile"
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

// classifySASL turns a SASL failure into an *AuthError (a 401, or a 503
// that reconnecting retries for temporary-auth-failure).
func classifySASL(err error) error {
	ae, ok := saslFailure(err)
	if !ok {
		if strings.Contains(err.Error(), "no matching") {
			return permanent(apierr.Wrap(apierr.Unauthorized, fmt.Errorf("%w: %w", ErrNoMechanism, err), "The server offers no login method Parley trusts (SCRAM, or PLAIN inside TLS)."))
		}
		return nil
	}
	cause := fmt.Errorf("%w: %w", ae, err)
	switch ae.Condition {
	case "temporary-auth-failure":
		return apierr.Wrap(apierr.Unavailable, cause, "The server could not check the password right now (%s); Parley will retry.", ae.Condition)
	case "account-disabled":
		return permanent(apierr.Wrap(apierr.Unauthorized, cause, "The server says this account is disabled."))
	case "credentials-expired":
		return permanent(apierr.Wrap(apierr.Unauthorized, cause, "The server says the password has expired; set a new one with another client or the server's web page."))
	}
	return permanent(apierr.Wrap(apierr.Unauthorized, cause, "The server refused the login: wrong password or unknown account (%s).", ae.Condition))
}

// saslFailure finds the server's SASL <failure/> in err's chain. mellium
// returns it as a type of an internal package that we cannot name, but the
// type exports TokenReader, which gives the failure element itself; its
// first child is the condition (RFC 6120 §6.5) and <text/> the server's
// words.
func saslFailure(err error) (*AuthError, bool) {
	var f interface {
		error
		TokenReader() xml.TokenReader
	}
	if !errors.As(err, &f) {
		return nil, false
	}
	ae := &AuthError{}
	r := f.TokenReader()
	depth := 0
	inText := false
	for {
		tok, terr := r.Token()
		if terr != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 {
				if t.Name.Local == "text" {
					inText = true
				} else if ae.Condition == "" {
					ae.Condition = t.Name.Local
				}
			}
		case xml.EndElement:
			depth--
			inText = false
		case xml.CharData:
			if inText {
				ae.Text += string(t)
			}
		}
	}
	if ae.Condition == "" {
		ae.Condition = "not-authorized"
	}
	ae.Text = profile.Sanitize(ae.Text)
	return ae, true
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
			return apierr.Wrap(apierr.Unavailable, fmt.Errorf("%w: %w", ErrConnectionLost, err), "%s failed: the connection to the server broke (%v).", what, err)
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

// sendErr wraps a failed send: a broken connection is ErrConnectionLost
// (503, worth retrying once reconnected), anything else keeps its cause.
func sendErr(what string, err error) error {
	if connectionBroke(err) {
		return apierr.Wrap(apierr.Unavailable, fmt.Errorf("%s: %w: %w", what, ErrConnectionLost, err),
			"The connection to the server broke (%v).", err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// optionsRefused reports whether a publish failed because the server
// refused its publish-options: XEP-0060 §7.1.5 answers conflict
// (precondition-not-met) and some servers bad-request or not-acceptable.
func optionsRefused(err error) bool {
	var se stanza.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Condition {
	case stanza.Conflict, stanza.BadRequest, stanza.JIDMalformed, stanza.NotAcceptable:
		return true
	}
	return false
}
