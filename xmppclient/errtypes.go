package xmppclient

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parley-im/parley/profile"
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
	CertPinMismatch                                // not the certificate pinned by fingerprint
)

// CertificateError is a server certificate that was not accepted; the
// password was not sent. The presented certificate is described so that a
// front end can show it and offer to trust it (Config.TrustFingerprint).
type CertificateError struct {
	Problem CertificateProblem
	Err     error // the verification error from crypto/tls or crypto/x509

	Subject, Issuer     string // the presented leaf's, as x509's Name.String
	NotBefore, NotAfter time.Time
	// Fingerprint is the presented leaf's SHA-256 fingerprint (see
	// Fingerprint); empty when no certificate could be read.
	Fingerprint string
	// Pinned is the fingerprint the certificate had to have, when one was
	// pinned (always with CertPinMismatch).
	Pinned string
}

func (e *CertificateError) Error() string {
	switch e.Problem {
	case CertUnknownAuthority:
		return "xmppclient: server certificate not trusted: " + e.Err.Error()
	case CertWrongName:
		return "xmppclient: server certificate is for another name: " + e.Err.Error()
	case CertPinMismatch:
		return "xmppclient: server certificate " + e.Fingerprint + " is not the pinned " + e.Pinned
	}
	return "xmppclient: server certificate not valid: " + e.Err.Error()
}

func (e *CertificateError) Unwrap() error { return e.Err }

// More sentinels, each found inside one of the types below.
var (
	// ErrLoggedOut: Connect on a client that was logged out.
	ErrLoggedOut = errors.New("xmppclient: session logged out")
	// ErrSelfContact: adding one's own account as a contact.
	ErrSelfContact = errors.New("xmppclient: cannot add yourself as a contact")
	// ErrNoService: the domain's SRV records say it offers no XMPP.
	ErrNoService = errors.New("xmppclient: domain offers no XMPP service")
	// ErrPinMismatch: inside a CertPinMismatch *CertificateError.
	ErrPinMismatch = errors.New("xmppclient: certificate fingerprint differs from the pinned one")
	// ErrNoCertificate: a CA file with no PEM certificate in it.
	ErrNoCertificate = errors.New("xmppclient: no PEM certificate")
	// ErrNothingPublished: a PEP node with no item.
	ErrNothingPublished = errors.New("xmppclient: nothing published")
)

// NotConnectedError is a request made while the client has no live
// session. It wraps ErrNotConnected.
type NotConnectedError struct{ Status Status }

func (e *NotConnectedError) Error() string {
	return fmt.Sprintf("xmppclient: not connected (%s)", e.Status)
}
func (e *NotConnectedError) Unwrap() error { return ErrNotConnected }

// AddressError is an address that is not a JID the call can use.
type AddressError struct {
	Value   string
	Account bool // the account's own address (Config.JID), not a contact's
}

func (e *AddressError) Error() string { return fmt.Sprintf("xmppclient: invalid address %q", e.Value) }

// DialError is a server that could not be reached: nothing answers, no
// answer in time, or no XMPP service (ErrNoService) for the domain.
type DialError struct {
	Addr    string // host:port, or the domain
	Timeout bool
	Err     error
}

func (e *DialError) Error() string {
	return "xmppclient: dial " + e.Addr + ": " + strings.TrimPrefix(e.Err.Error(), "xmppclient: ")
}
func (e *DialError) Unwrap() error { return e.Err }

// FingerprintError is a Config.TrustFingerprint that is not a SHA-256
// fingerprint (32 bytes of hex).
type FingerprintError struct{ Value string }

func (e *FingerprintError) Error() string {
	return fmt.Sprintf("xmppclient: %q is not a sha-256 fingerprint", e.Value)
}

// CAFileError is a CA file (Config.CAFile) that cannot be used: Err is the
// file system's error or ErrNoCertificate.
type CAFileError struct {
	Path string
	Err  error
}

func (e *CAFileError) Error() string {
	return "xmppclient: CA file " + e.Path + ": " + strings.TrimPrefix(e.Err.Error(), "xmppclient: ")
}
func (e *CAFileError) Unwrap() error { return e.Err }

// SessionStep names the step of a session that a SessionError stopped.
type SessionStep string

// The steps of a session.
const (
	StepStream   SessionStep = "stream closed by the server" // Err holds the stream.Error
	StepLost     SessionStep = "connection broke during login"
	StepNoAnswer SessionStep = "no answer in time during login" // silent, or too slow (Config.Timeout)
	StepTLS      SessionStep = "TLS failed"
	StepNoTLS    SessionStep = "no STARTTLS offered" // wraps ErrNoTLS
	StepLogin    SessionStep = "login failed"
	StepPresence SessionStep = "initial presence"
	StepRoster   SessionStep = "roster fetch"
	StepGoodbye  SessionStep = "goodbye"
)

// SessionError is a session that failed at one of its own steps: opening
// and securing the stream, logging in, the first presence and roster,
// saying goodbye.
type SessionError struct {
	Step   SessionStep
	Addr   string // the server dialled
	Domain string
	Err    error
}

func (e *SessionError) Error() string {
	addr := e.Addr
	if addr == "" {
		addr = e.Domain
	}
	return profile.Sanitize(fmt.Sprintf("xmppclient: %s: %s: %v", addr, e.Step, e.Err))
}

// Unwrap gives the cause (and ErrNoTLS for StepNoTLS).
func (e *SessionError) Unwrap() []error {
	if e.Step == StepNoTLS {
		return []error{ErrNoTLS, e.Err}
	}
	return []error{e.Err}
}

// RequestError is a request the server refused (Err holds its
// stanza.Error) or that failed under it: Lost marks a connection that
// broke (it then wraps ErrConnectionLost).
type RequestError struct {
	What string // "Publishing to urn:xmpp:avatar:data"; "" for a send
	Lost bool
	Err  error
}

func (e *RequestError) Error() string {
	msg := "xmppclient: "
	if e.What != "" {
		msg += strings.ToLower(e.What[:1]) + e.What[1:] + ": "
	}
	if e.Lost {
		msg += "connection lost: "
	}
	// A stanza error's text is written by the other side.
	return profile.Sanitize(msg + e.Err.Error())
}

// Unwrap gives the cause (and ErrConnectionLost when Lost).
func (e *RequestError) Unwrap() []error {
	if e.Lost {
		return []error{ErrConnectionLost, e.Err}
	}
	return []error{e.Err}
}

// PeerProblem says what a PeerError is about.
type PeerProblem string

// The problems a PeerError reports.
const (
	PeerPresencePrivate  PeerProblem = "last activity is private"
	PeerProfilePrivate   PeerProblem = "profile is private"
	PeerNoProfile        PeerProblem = "no profile published"
	PeerBadLastActivity  PeerProblem = "last-activity answer is not a number of seconds" // Detail: the answer
	PeerNothingPublished PeerProblem = "nothing published"                               // Node; wraps ErrNothingPublished
	PeerAvatarTooLarge   PeerProblem = "avatar too large to show"                        // Err: *profile.PixelLimitError
)

// PeerError is what another account's data could not give: private,
// unpublished, malformed or too large.
type PeerError struct {
	JID     string // sanitised
	Node    string
	Problem PeerProblem
	Detail  string
	Err     error
}

func (e *PeerError) Error() string {
	msg := strings.TrimSpace("xmppclient: "+e.JID+" "+e.Node) + ": " + string(e.Problem)
	if e.Detail != "" {
		msg += fmt.Sprintf(" (%q)", e.Detail)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return profile.Sanitize(msg)
}

// Unwrap gives the cause (and ErrNothingPublished).
func (e *PeerError) Unwrap() []error {
	errs := []error{}
	if e.Problem == PeerNothingPublished {
		errs = append(errs, ErrNothingPublished)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// RegisterProblem says why a registration was refused.
type RegisterProblem string

// The problems a RegisterError reports.
const (
	RegisterIDLength     RegisterProblem = "identifier must be 1 to 64 characters"                            // N: its length
	RegisterIDCharacter  RegisterProblem = "identifier holds a character other than ASCII letters and digits" // Detail
	RegisterTooManyMeta  RegisterProblem = "too many metadata pairs"                                          // N, Max
	RegisterMetaKey      RegisterProblem = "metadata key must be 1 to 64 characters"
	RegisterMetaTwice    RegisterProblem = "metadata key given twice"              // Key
	RegisterMetaLong     RegisterProblem = "metadata value longer than 1024 bytes" // Key
	RegisterMetaType     RegisterProblem = "metadata value of an unsupported type" // Key
	RegisterMetaControl  RegisterProblem = "metadata with a control character"     // Key
	RegisterBadDomain    RegisterProblem = "not a server domain"                   // Detail: what was given
	RegisterBadUser      RegisterProblem = "not a user name on the domain"         // User, Domain
	RegisterPassword     RegisterProblem = "cannot generate a password"
	RegisterClosed       RegisterProblem = "in-band registration is closed" // Domain
	RegisterFormRequired RegisterProblem = "the server asks for more than a user name and password"
	RegisterLost         RegisterProblem = "the connection broke"
	RegisterAnswer       RegisterProblem = "unexpected answer"             // Detail: the IQ type
	RegisterUserExists   RegisterProblem = "identifier already registered" // Err: the stanza.Error
	RegisterUserRefused  RegisterProblem = "user name not accepted"
	RegisterNotAllowed   RegisterProblem = "registration not allowed"
	RegisterLimited      RegisterProblem = "no more registrations right now"
)

// RegisterError is a registration that was refused before or by the
// server.
type RegisterError struct {
	Problem RegisterProblem
	User    string
	Domain  string
	Key     string // the metadata key
	Detail  string
	N, Max  int
	Err     error
}

func (e *RegisterError) Error() string {
	msg := "xmppclient: register"
	if e.User != "" {
		msg += " " + e.User
	}
	msg += ": " + string(e.Problem)
	if e.Key != "" {
		msg += fmt.Sprintf(" (%q)", e.Key)
	}
	if e.Detail != "" {
		msg += fmt.Sprintf(" (%q)", e.Detail)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return profile.Sanitize(msg)
}

func (e *RegisterError) Unwrap() error { return e.Err }

// SaveError is a profile save that failed at one step ("avatar data",
// "vCard4", …); Err says why.
type SaveError struct {
	Step string
	Err  error
}

func (e *SaveError) Error() string {
	return "xmppclient: save profile: " + e.Step + ": " + e.Err.Error()
}
func (e *SaveError) Unwrap() error { return e.Err }

// StreamLimit names the bound of the incoming stream that a server broke.
type StreamLimit string

// The bounds of the incoming stream (see stanzalimit.go).
const (
	LimitStanzaSize StreamLimit = "stanza size"              // Max: bytes
	LimitText       StreamLimit = "text between stanzas"     // Detail: the first byte
	LimitWhitespace StreamLimit = "whitespace flood"         // Max: bytes a minute
	LimitDepth      StreamLimit = "element depth"            // Max: levels
	LimitAttributes StreamLimit = "attributes of an element" // Max: attributes
)

// StreamLimitError is a stream the client closed because the server broke
// one of the bounds that keep memory small: a stanza too big, text or too
// much whitespace between stanzas, elements nested too deep or with too
// many attributes.
type StreamLimitError struct {
	Limit  StreamLimit
	Max    int
	Detail string
}

func (e *StreamLimitError) Error() string {
	var what string
	switch e.Limit {
	case LimitStanzaSize:
		what = fmt.Sprintf("a stanza from the server is over %d MiB", e.Max>>20)
	case LimitText:
		what = fmt.Sprintf("the server sent text between stanzas (%q)", e.Detail)
	case LimitWhitespace:
		what = fmt.Sprintf("the server sent more whitespace between stanzas than %d bytes a minute", e.Max)
	case LimitDepth:
		what = fmt.Sprintf("the server nested elements more than %d deep", e.Max)
	default:
		what = fmt.Sprintf("an element from the server has more than %d attributes", e.Max)
	}
	return "xmppclient: " + what + "; dropping the connection"
}
