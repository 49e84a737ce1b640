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

// classifySASL turns a SASL failure into an *AuthError; reconnecting
// retries only temporary-auth-failure.
func classifySASL(err error) error {
	ae, ok := saslFailure(err)
	if !ok {
		if strings.Contains(err.Error(), "no matching") {
			return permanent(fmt.Errorf("%w: %w", ErrNoMechanism, err))
		}
		return nil
	}
	cause := fmt.Errorf("%w: %w", ae, err)
	if ae.Temporary() {
		return cause
	}
	return permanent(cause)
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

// stanzaErr wraps a failed request as a *RequestError: the server's
// stanza.Error stays in the chain, a broken connection is marked Lost.
// An error this package already typed passes through.
func stanzaErr(err error, what string) error {
	if err == nil {
		return nil
	}
	var se stanza.Error
	if !errors.As(err, &se) {
		if typed(err) {
			return err
		}
		return &RequestError{What: what, Lost: connectionBroke(err), Err: err}
	}
	return &RequestError{What: what, Err: err}
}

// typed reports whether err already is one of this package's errors.
func typed(err error) bool {
	var (
		r  *RequestError
		n  *NotConnectedError
		p  *PeerError
		s  *SessionError
		d  *DialError
		c  *CertificateError
		a  *AuthError
		re *RegisterError
		ca *CAFileError
		sl *StreamLimitError
		fp *FingerprintError
	)
	return errors.As(err, &r) || errors.As(err, &n) || errors.As(err, &p) || errors.As(err, &s) ||
		errors.As(err, &d) || errors.As(err, &c) || errors.As(err, &a) || errors.As(err, &re) || errors.As(err, &ca) || errors.As(err, &sl) || errors.As(err, &fp) ||
		errors.Is(err, ErrNoTLS) || errors.Is(err, ErrNoMechanism)
}

// loginFailed reports a stream that failed for no reason the server gave
// (a StepLogin, or an error this package did not type).
func loginFailed(err error) bool {
	var s *SessionError
	if errors.As(err, &s) {
		return s.Step == StepLogin
	}
	return !typed(err)
}

// condition is the stanza error condition in err's chain, if any.
func condition(err error) stanza.Condition {
	var se stanza.Error
	if errors.As(err, &se) {
		return se.Condition
	}
	return ""
}

// forbidden reports a request the server does not allow (RFC 6120
// §8.3.3: the conditions that say "not for you").
func forbidden(err error) bool {
	switch condition(err) {
	case stanza.Forbidden, stanza.NotAllowed, stanza.SubscriptionRequired, stanza.RegistrationRequired, stanza.NotAuthorized:
		return true
	}
	return false
}

// notFound reports a request about something that is not there.
func notFound(err error) bool {
	switch condition(err) {
	case stanza.ItemNotFound, stanza.RemoteServerNotFound, stanza.RecipientUnavailable:
		return true
	}
	return errors.Is(err, ErrNothingPublished)
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
// (worth retrying once reconnected), anything else keeps its cause.
func sendErr(what string, err error) error {
	if connectionBroke(err) {
		return &RequestError{Lost: true, Err: fmt.Errorf("%s: %w", what, err)}
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
