package errtext

import (
	"crypto/x509"
	"errors"
	"fmt"

	"mellium.im/xmpp/stanza"
	"mellium.im/xmpp/stream"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// xmppclientText words the errors of package xmppclient.
func xmppclientText(err error) (int, string, bool) {
	switch e := err.(type) {
	case *xmppclient.NotConnectedError:
		return Unavailable, fmt.Sprintf("Not connected to the server right now (%s).", e.Status), true
	case *xmppclient.AddressError:
		if e.Account {
			return BadRequest, fmt.Sprintf("%q is not a valid account address; it looks like name@example.org.", e.Value), true
		}
		return BadRequest, fmt.Sprintf("%q is not a valid address; it looks like name@example.org.", e.Value), true
	case *xmppclient.DialError:
		switch {
		case errors.Is(e.Err, xmppclient.ErrNoService):
			return Unavailable, fmt.Sprintf("The domain %s says it offers no XMPP service.", e.Addr), true
		case e.Timeout:
			return Unavailable, fmt.Sprintf("The server at %s did not answer in time.", e.Addr), true
		}
		return Unavailable, fmt.Sprintf("Cannot reach the server at %s: nothing answers there. Check the address and that the server runs.", e.Addr), true
	case *xmppclient.CAFileError:
		if errors.Is(e.Err, xmppclient.ErrNoCertificate) {
			return BadRequest, fmt.Sprintf("The CA file %s holds no PEM certificate.", e.Path), true
		}
		return BadRequest, fmt.Sprintf("Cannot read the CA file %s: %v.", e.Path, e.Err), true
	case *xmppclient.CertificateError:
		return Unavailable, certText(e), true
	case *xmppclient.FingerprintError:
		return BadRequest, fmt.Sprintf("%q is not a SHA-256 fingerprint: give the 64 hex digits openssl x509 -fingerprint -sha256 prints (colons and case do not matter).", e.Value), true
	case *xmppclient.AuthError:
		return authText(e)
	case *xmppclient.SessionError:
		return sessionText(e)
	case *xmppclient.StreamLimitError:
		return Unavailable, limitText(e), true
	case *xmppclient.RequestError:
		return requestText(e)
	case *xmppclient.PeerError:
		return peerText(e)
	case *xmppclient.RegisterError:
		return registerText(e)
	case *xmppclient.NodeAccessError:
		return Forbidden, nodeAccessText(e), true
	case *xmppclient.RegisterFieldError:
		return regFieldText(e)
	case *xmppclient.SaveError:
		return Code(e.Err), fmt.Sprintf("Saving the profile failed at the %s step: %s", e.Step, sentence(e.Err)), true
	}
	switch err {
	case xmppclient.ErrLoggedOut:
		return BadRequest, "This session was logged out; start a new one.", true
	case xmppclient.ErrSelfContact:
		return BadRequest, "You cannot add yourself as a contact.", true
	case xmppclient.ErrNoMechanism:
		return Unauthorized, "The server offers no login method Parley trusts (SCRAM, or PLAIN inside TLS).", true
	case xmppclient.ErrNoTLS, xmppclient.ErrNotConnected, xmppclient.ErrConnectionLost:
		return Unavailable, "", true
	case xmppclient.ErrNothingPublished:
		return NotFound, "", true
	}
	return 0, "", false
}

func certText(e *xmppclient.CertificateError) string {
	switch e.Problem {
	case xmppclient.CertUnknownAuthority:
		return "The server's TLS certificate is not trusted (unknown authority); refusing to send the password."
	case xmppclient.CertPinMismatch:
		return fmt.Sprintf("The server's TLS certificate has changed: it presented %s, but the account trusts only %s; refusing to send the password (someone may be in between).",
			orUnknown(e.Fingerprint), e.Pinned)
	case xmppclient.CertWrongName:
		var hostname x509.HostnameError
		if errors.As(e.Err, &hostname) && hostname.Certificate != nil {
			return fmt.Sprintf("The server's TLS certificate is for another name (%v); refusing to send the password.", hostname.Error())
		}
		return fmt.Sprintf("The server's TLS certificate is for another name (%v); refusing to send the password.", e.Err)
	}
	return fmt.Sprintf("The server's TLS certificate is not valid: %v; refusing to send the password.", e.Err)
}

func orUnknown(fp string) string {
	if fp == "" {
		return "no readable certificate"
	}
	return fp
}

// limitText words a stream the client closed because the server broke a
// bound that keeps memory small.
func limitText(e *xmppclient.StreamLimitError) string {
	var what string
	switch e.Limit {
	case xmppclient.LimitStanzaSize:
		what = fmt.Sprintf("a stanza over %d MiB", e.Max>>20)
	case xmppclient.LimitText:
		what = "text between stanzas, which XMPP does not allow"
	case xmppclient.LimitWhitespace:
		what = fmt.Sprintf("a flood of whitespace (more than %d KiB a minute)", e.Max>>10)
	case xmppclient.LimitDepth:
		what = fmt.Sprintf("elements nested more than %d deep", e.Max)
	default:
		what = fmt.Sprintf("an element with more than %d attributes", e.Max)
	}
	return fmt.Sprintf("The server sent %s; Parley closed the connection so that its memory stays bounded.", what)
}

func authText(e *xmppclient.AuthError) (int, string, bool) {
	code, msg := authSentence(e, "")
	return code, msg, true
}

// authSentence words a refused login of jid. jid is "" for a session
// that does not know which account it was and retries by itself (the
// UI's); a command that names it (LoginOf) ends instead.
func authSentence(e *xmppclient.AuthError, jid string) (int, string) {
	of, this, again := "", "this account", "Parley will retry"
	if jid != "" {
		of, this, again = " of "+jid, "the account "+jid, "try again in a moment"
	}
	switch e.Condition {
	case "temporary-auth-failure":
		return Unavailable, fmt.Sprintf("The server could not check the password%s right now (%s); %s.", of, e.Condition, again)
	case "account-disabled":
		return Unauthorized, fmt.Sprintf("The server says %s is disabled.", this)
	case "credentials-expired":
		return Unauthorized, fmt.Sprintf("The server says the password%s has expired; set a new one with another client or the server's web page.", of)
	}
	return Unauthorized, fmt.Sprintf("The server refused the login%s: wrong password or unknown account (%s).", of, e.Condition)
}

// LoginOf names the account tried in a refused login's sentence, for a
// front end that knows it (the CLI); any other error is returned as it is.
func LoginOf(err error, jid string) error {
	var ae *xmppclient.AuthError
	if jid == "" || !errors.As(err, &ae) {
		return err
	}
	code, msg := authSentence(ae, jid)
	return Wrap(code, err, "%s", msg)
}

func sessionText(e *xmppclient.SessionError) (int, string, bool) {
	switch e.Step {
	case xmppclient.StepStream:
		var se stream.Error
		errors.As(e.Err, &se)
		switch se.Err {
		case "host-unknown":
			return NotFound, fmt.Sprintf("The server at %s does not serve the domain %s.", e.Addr, e.Domain), true
		case "policy-violation", "not-authorized":
			return Forbidden, fmt.Sprintf("The server closed the stream: %s.", se.Err), true
		}
		return Unavailable, fmt.Sprintf("The server closed the stream: %s.", se.Err), true
	case xmppclient.StepLost:
		return Unavailable, fmt.Sprintf("The connection to %s broke during login (%v).", e.Addr, e.Err), true
	case xmppclient.StepNoAnswer:
		return Unavailable, fmt.Sprintf("The server at %s did not answer in time: it took the connection, then sent nothing or too little to log in.", e.Addr), true
	case xmppclient.StepTLS:
		return Unavailable, fmt.Sprintf("TLS with %s failed: %v; refusing to send the password.", e.Addr, e.Err), true
	case xmppclient.StepNoTLS:
		return Unavailable, fmt.Sprintf("The server at %s does not offer TLS encryption (STARTTLS); refusing to send the password.", e.Addr), true
	case xmppclient.StepLogin:
		return Internal, fmt.Sprintf("Login to %s failed: %v.", e.Domain, e.Err), true
	case xmppclient.StepPresence:
		return Unavailable, fmt.Sprintf("The connection broke while sending presence: %v.", e.Err), true
	case xmppclient.StepRoster:
		return Unavailable, fmt.Sprintf("The connection broke while fetching the contact list: %v.", e.Err), true
	case xmppclient.StepGoodbye:
		return Unavailable, fmt.Sprintf("Could not say goodbye to the server: %v.", e.Err), true
	}
	return 0, "", false
}

// stanzaSentences words a refused request by its condition (RFC 6120
// §8.3.3); %s is what was asked, then the condition and the server's text.
var stanzaSentences = map[int]string{
	Forbidden:   "%s: the server does not allow it (%s).",
	NotFound:    "%s: not found (%s).",
	Conflict:    "%s: conflict (%s).",
	BadRequest:  "%s: the server rejected the request (%s).",
	Unavailable: "%s: the service is unavailable (%s).",
	TooLarge:    "%s: the server refused it (%s).",
	Internal:    "%s failed (%s).",
}

func requestText(e *xmppclient.RequestError) (int, string, bool) {
	var se stanza.Error
	switch {
	case errors.As(e.Err, &se):
		detail := string(se.Condition)
		if text := stanzaText(se); text != "" {
			detail += ": " + text
		}
		code := stanzaCode(se.Condition)
		return code, fmt.Sprintf(stanzaSentences[code], e.What, detail), true
	case e.Lost && e.What == "":
		return Unavailable, fmt.Sprintf("The connection to the server broke (%v).", e.Err), true
	case e.Lost:
		return Unavailable, fmt.Sprintf("%s failed: the connection to the server broke (%v).", e.What, e.Err), true
	}
	return Internal, fmt.Sprintf("%s failed: %v", e.What, e.Err), true
}

// stanzaText is the free text of a stanza error, in the default language
// if there is one, sanitised: it is written by the other side (a server or
// a contact's client) and ends up in the terminal and the CLI's JSON.
func stanzaText(se stanza.Error) string {
	text := se.Text[""]
	if text == "" {
		for _, t := range se.Text {
			text = t
			break
		}
	}
	return profile.Sanitize(text)
}

func peerText(e *xmppclient.PeerError) (int, string, bool) {
	switch e.Problem {
	case xmppclient.PeerPresencePrivate:
		return Forbidden, fmt.Sprintf("%s does not share their presence with you, so their last activity is private.", e.JID), true
	case xmppclient.PeerProfilePrivate:
		return Forbidden, fmt.Sprintf("%s does not share their profile with you; add them as a contact first.", e.JID), true
	case xmppclient.PeerNoProfile:
		return NotFound, fmt.Sprintf("%s has not published a profile.", e.JID), true
	case xmppclient.PeerBadLastActivity:
		return Internal, fmt.Sprintf("The server's last-activity answer for %s is not a number of seconds (%q).", e.JID, e.Detail), true
	case xmppclient.PeerNothingPublished:
		return NotFound, fmt.Sprintf("Nothing is published on %s.", e.Node), true
	case xmppclient.PeerAvatarTooLarge:
		var px *profile.PixelLimitError
		if errors.As(e.Err, &px) {
			return TooLarge, fmt.Sprintf("%s's avatar is %d×%d pixels; avatars over %d×%d are not shown.", e.JID, px.Width, px.Height, px.MaxSide, px.MaxSide), true
		}
	}
	return 0, "", false
}

// registerSentences are the sentences of registration problems, with
// their codes; the verbs fill in the RegisterError's fields.
var registerSentences = map[xmppclient.RegisterProblem]struct {
	code int
	text func(e *xmppclient.RegisterError) string
}{
	xmppclient.RegisterIDLength: {BadRequest, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("The identifier must be 1 to 64 letters or digits (got %d characters).", e.N)
	}},
	xmppclient.RegisterIDCharacter: {BadRequest, func(e *xmppclient.RegisterError) string {
		r := firstRune(e.Detail)
		return fmt.Sprintf("The identifier may hold only ASCII letters and digits; %q is not allowed.", r)
	}},
	xmppclient.RegisterTooManyMeta: {BadRequest, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("At most %d metadata pairs can be stored; got %d.", e.Max, e.N)
	}},
	xmppclient.RegisterMetaKey: {BadRequest, func(*xmppclient.RegisterError) string { return "A metadata key must be 1 to 64 characters." }},
	xmppclient.RegisterMetaTwice: {BadRequest, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("The metadata key %q is given twice.", e.Key)
	}},
	xmppclient.RegisterMetaLong: {BadRequest, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("The metadata value of %q is longer than 1024 bytes.", e.Key)
	}},
	xmppclient.RegisterMetaControl: {BadRequest, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("The metadata %q holds a control or invisible formatting character; type it without one.", e.Key)
	}},
	xmppclient.RegisterMetaType: {BadRequest, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("The metadata value of %q must be a string, a bool or a number.", e.Key)
	}},
	xmppclient.RegisterBadDomain: {BadRequest, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("%q is not a valid server domain.", e.Detail)
	}},
	xmppclient.RegisterBadUser: {BadRequest, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("%q cannot be a user name on %s.", e.User, e.Domain)
	}},
	xmppclient.RegisterPassword: {Internal, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("Cannot generate a password: %v.", e.Err)
	}},
	xmppclient.RegisterClosed: {Forbidden, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("The server %s does not allow creating accounts here (in-band registration is closed).", e.Domain)
	}},
	xmppclient.RegisterFormRequired: {Forbidden, func(e *xmppclient.RegisterError) string {
		if e.Detail != "" {
			return fmt.Sprintf("The server registers accounts only out of band, not in Parley; register on its web page instead: %s", e.Detail)
		}
		return "The server asks for more than a user name and password to register, in a way Parley cannot answer; register on its web page instead."
	}},
	xmppclient.RegisterLost: {Unavailable, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("Registration failed: the connection broke (%v).", e.Err)
	}},
	xmppclient.RegisterAnswer: {Internal, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("Registration failed: the server answered %q.", e.Detail)
	}},
	xmppclient.RegisterUserExists: {Conflict, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("The identifier %q is already registered by someone else; choose another.", e.User)
	}},
	xmppclient.RegisterUserRefused: {BadRequest, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("The server does not accept %q as a user name.", e.User)
	}},
	xmppclient.RegisterNotAllowed: {Forbidden, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("The server does not allow creating accounts (%s).", condition(e.Err))
	}},
	xmppclient.RegisterLimited: {Forbidden, func(e *xmppclient.RegisterError) string {
		return fmt.Sprintf("The server refuses more registrations right now (%s); try again later.", condition(e.Err))
	}},
}

func registerText(e *xmppclient.RegisterError) (int, string, bool) {
	s, ok := registerSentences[e.Problem]
	if !ok {
		return 0, "", false
	}
	return s.code, s.text(e), true
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// nodeAccessText says which profile node the server would not give the
// access model the visibility setting asks for, and why.
func nodeAccessText(e *xmppclient.NodeAccessError) string {
	why := ""
	if c := condition(e.Err); c != "" {
		why = " (" + string(c) + ")"
	}
	if e.AccessModel == "open" {
		return fmt.Sprintf("The server would not make the profile node %s readable by everyone%s, so nothing was published there and your visibility setting stays as it was.", e.Node, why)
	}
	return fmt.Sprintf("The profile node %s is readable by more than your contacts and the server would not make it contacts-only%s, so nothing private was published there.", e.Node, why)
}

// condition is the stanza error condition in err's chain, if any.
func condition(err error) stanza.Condition {
	var se stanza.Error
	if errors.As(err, &se) {
		return se.Condition
	}
	return ""
}
