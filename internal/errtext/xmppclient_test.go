package errtext

import (
	"crypto/x509"
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"mellium.im/xmpp/stanza"
	"mellium.im/xmpp/stream"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

func TestXmppclientSentences(t *testing.T) {
	const a, s = "alice@example.org", "127.0.0.1:5222"
	forbidden := stanza.Error{Type: stanza.Auth, Condition: stanza.Forbidden, Text: map[string]string{"": "no \x1b[31mway"}}
	x := xmppclient.RegisterError{User: "alice", Domain: "example.org"}
	reg := func(p xmppclient.RegisterProblem, f func(e *xmppclient.RegisterError)) error {
		e := x
		e.Problem = p
		if f != nil {
			f(&e)
		}
		return &e
	}
	checkSentences(t, []sentenceCase{
		{&xmppclient.NotConnectedError{Status: xmppclient.StatusReconnecting}, Unavailable, "Not connected to the server right now (RECONNECTING). Try again when the status shows CONNECTED."},
		{&xmppclient.AddressError{Value: "bob", Account: true}, BadRequest, `"bob" is not a valid account address; it looks like name@example.org.`},
		{&xmppclient.AddressError{Value: "@"}, BadRequest, `"@" is not a valid address; it looks like name@example.org.`},
		{xmppclient.ErrLoggedOut, BadRequest, "This session was logged out; start a new one."},
		{xmppclient.ErrSelfContact, BadRequest, "You cannot add yourself as a contact."},
		{&xmppclient.DialError{Addr: "example.org", Err: xmppclient.ErrNoService}, Unavailable, "The domain example.org says it offers no XMPP service."},
		{&xmppclient.DialError{Addr: s, Timeout: true, Err: errors.New("i/o timeout")}, Unavailable, "The server at 127.0.0.1:5222 did not answer in time."},
		{&xmppclient.DialError{Addr: s, Err: errors.New("refused")}, Unavailable, "Cannot reach the server at 127.0.0.1:5222: nothing answers there. Check the address and that the server runs."},
		{&xmppclient.CAFileError{Path: "/ca.pem", Err: xmppclient.ErrNoCertificate}, BadRequest, "The CA file /ca.pem holds no PEM certificate."},
		{&xmppclient.CAFileError{Path: "/ca.pem", Err: errors.New("no such file")}, BadRequest, "Cannot read the CA file /ca.pem: no such file."},
		{&xmppclient.CertificateError{Problem: xmppclient.CertUnknownAuthority, Err: x509.UnknownAuthorityError{}}, Unavailable,
			"The server's TLS certificate is not trusted (unknown authority); refusing to send the password. Give the server's CA with --ca if you trust it."},
		{&xmppclient.CertificateError{Problem: xmppclient.CertInvalid, Err: errors.New("expired")}, Unavailable, "The server's TLS certificate is not valid: expired; refusing to send the password."},
		{&xmppclient.CertificateError{Problem: xmppclient.CertUnknownAuthority, Err: x509.UnknownAuthorityError{}, Subject: "CN=self", Issuer: "CN=self",
			NotBefore: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC), Fingerprint: "AB:CD"}, Unavailable,
			"The server's TLS certificate is not trusted (unknown authority); refusing to send the password. Its SHA-256 fingerprint is AB:CD (subject CN=self, issuer CN=self, valid 2026-01-02 to 2027-01-02); if that is the server's, trust it with --trust-fingerprint AB:CD, or give the server's CA with --ca."},
		{&xmppclient.CertificateError{Problem: xmppclient.CertPinMismatch, Err: xmppclient.ErrPinMismatch, Fingerprint: "AB:CD", Pinned: "01:02"}, Unavailable,
			"The server's TLS certificate has changed: it presented AB:CD, but the account trusts only 01:02; refusing to send the password (someone may be in between). Only if the server's owner confirms the new certificate, trust it with --trust-fingerprint AB:CD."},
		{&xmppclient.FingerprintError{Value: "AB"}, BadRequest, `"AB" is not a SHA-256 fingerprint: give the 64 hex digits openssl x509 -fingerprint -sha256 prints (colons and case do not matter).`},
		{&xmppclient.AuthError{Condition: "not-authorized"}, Unauthorized, "The server refused the login: wrong password or unknown account (not-authorized)."},
		{&xmppclient.AuthError{Condition: "temporary-auth-failure"}, Unavailable, "The server could not check the password right now (temporary-auth-failure); Parley will retry."},
		{&xmppclient.AuthError{Condition: "account-disabled"}, Unauthorized, "The server says this account is disabled."},
		{&xmppclient.AuthError{Condition: "credentials-expired"}, Unauthorized, "The server says the password has expired; set a new one with another client or the server's web page."},
		{xmppclient.ErrNoMechanism, Unauthorized, "The server offers no login method Parley trusts (SCRAM, or PLAIN inside TLS)."},
		{&xmppclient.SessionError{Step: xmppclient.StepStream, Addr: s, Domain: "example.org", Err: stream.HostUnknown}, NotFound, "The server at 127.0.0.1:5222 does not serve the domain example.org."},
		{&xmppclient.SessionError{Step: xmppclient.StepStream, Addr: s, Err: stream.PolicyViolation}, Forbidden, "The server closed the stream: policy-violation."},
		{&xmppclient.SessionError{Step: xmppclient.StepStream, Addr: s, Err: stream.SystemShutdown}, Unavailable, "The server closed the stream: system-shutdown."},
		{&xmppclient.SessionError{Step: xmppclient.StepLost, Addr: s, Err: io.EOF}, Unavailable, "The connection to 127.0.0.1:5222 broke during login (EOF)."},
		{&xmppclient.SessionError{Step: xmppclient.StepNoAnswer, Addr: s, Err: os.ErrDeadlineExceeded}, Unavailable,
			"The server at 127.0.0.1:5222 did not answer in time: it took the connection, then sent nothing or too little to log in."},
		{&xmppclient.StreamLimitError{Limit: xmppclient.LimitStanzaSize, Max: 12 << 20}, Unavailable, "The server sent a stanza over 12 MiB; Parley closed the connection so that its memory stays bounded."},
		{&xmppclient.StreamLimitError{Limit: xmppclient.LimitText, Detail: "G"}, Unavailable, "The server sent text between stanzas, which XMPP does not allow; Parley closed the connection so that its memory stays bounded."},
		{&xmppclient.StreamLimitError{Limit: xmppclient.LimitWhitespace, Max: 4 << 10}, Unavailable, "The server sent a flood of whitespace (more than 4 KiB a minute); Parley closed the connection so that its memory stays bounded."},
		{&xmppclient.StreamLimitError{Limit: xmppclient.LimitDepth, Max: 64}, Unavailable, "The server sent elements nested more than 64 deep; Parley closed the connection so that its memory stays bounded."},
		{&xmppclient.StreamLimitError{Limit: xmppclient.LimitAttributes, Max: 128}, Unavailable, "The server sent an element with more than 128 attributes; Parley closed the connection so that its memory stays bounded."},
		{&xmppclient.SessionError{Step: xmppclient.StepTLS, Addr: s, Err: errors.New("tls: bad record")}, Unavailable, "TLS with 127.0.0.1:5222 failed: tls: bad record; refusing to send the password."},
		{&xmppclient.SessionError{Step: xmppclient.StepNoTLS, Addr: s, Err: errors.New("no starttls")}, Unavailable, "The server at 127.0.0.1:5222 does not offer TLS encryption (STARTTLS); refusing to send the password."},
		{&xmppclient.SessionError{Step: xmppclient.StepLogin, Addr: s, Domain: "example.org", Err: errors.New("odd")}, Internal, "Login to example.org failed: odd."},
		{&xmppclient.SessionError{Step: xmppclient.StepPresence, Err: io.EOF}, Unavailable, "The connection broke while sending presence: EOF."},
		{&xmppclient.SessionError{Step: xmppclient.StepRoster, Err: io.EOF}, Unavailable, "The connection broke while fetching the contact list: EOF."},
		{&xmppclient.SessionError{Step: xmppclient.StepGoodbye, Err: io.EOF}, Unavailable, "Could not say goodbye to the server: EOF."},
		{&xmppclient.RequestError{What: "Adding bob@example.org", Err: forbidden}, Forbidden, "Adding bob@example.org: the server does not allow it (forbidden: no [31mway)."},
		{&xmppclient.RequestError{What: "Fetching urn:xmpp:vcard4", Err: stanza.Error{Condition: stanza.ItemNotFound}}, NotFound, "Fetching urn:xmpp:vcard4: not found (item-not-found)."},
		{&xmppclient.RequestError{What: "Publishing", Err: stanza.Error{Condition: stanza.InternalServerError}}, Internal, "Publishing failed (internal-server-error)."},
		{&xmppclient.RequestError{What: "Publishing", Lost: true, Err: io.EOF}, Unavailable, "Publishing failed: the connection to the server broke (EOF). Try again when the status shows CONNECTED."},
		{&xmppclient.RequestError{Lost: true, Err: io.EOF}, Unavailable, "The connection to the server broke (EOF). Try again when the status shows CONNECTED."},
		{&xmppclient.RequestError{What: "Publishing", Err: errors.New("odd")}, Internal, "Publishing failed: odd"},
		{&xmppclient.PeerError{JID: a, Problem: xmppclient.PeerPresencePrivate, Err: forbidden}, Forbidden, "alice@example.org does not share their presence with you, so their last activity is private."},
		{&xmppclient.PeerError{JID: a, Problem: xmppclient.PeerProfilePrivate, Err: forbidden}, Forbidden, "alice@example.org does not share their profile with you; add them as a contact first."},
		{&xmppclient.PeerError{JID: a, Problem: xmppclient.PeerNoProfile}, NotFound, "alice@example.org has not published a profile."},
		{&xmppclient.PeerError{JID: a, Problem: xmppclient.PeerBadLastActivity, Detail: "x"}, Internal, `The server's last-activity answer for alice@example.org is not a number of seconds ("x").`},
		{&xmppclient.PeerError{Node: "urn:xmpp:vcard4", Problem: xmppclient.PeerNothingPublished}, NotFound, "Nothing is published on urn:xmpp:vcard4."},
		{&xmppclient.PeerError{JID: a, Problem: xmppclient.PeerAvatarTooLarge, Err: &profile.PixelLimitError{What: "avatar", Width: 9000, Height: 10, MaxSide: 2048}}, TooLarge,
			"alice@example.org's avatar is 9000×10 pixels; avatars over 2048×2048 are not shown."},
		{reg(xmppclient.RegisterIDLength, func(e *xmppclient.RegisterError) { e.N = 65 }), BadRequest, "The identifier must be 1 to 64 letters or digits (got 65 characters)."},
		{reg(xmppclient.RegisterIDCharacter, func(e *xmppclient.RegisterError) { e.Detail = "é" }), BadRequest, "The identifier may hold only ASCII letters and digits; 'é' is not allowed."},
		{reg(xmppclient.RegisterTooManyMeta, func(e *xmppclient.RegisterError) { e.N, e.Max = 4, 3 }), BadRequest, "At most 3 metadata pairs can be stored; got 4."},
		{reg(xmppclient.RegisterMetaKey, nil), BadRequest, "A metadata key must be 1 to 64 characters."},
		{reg(xmppclient.RegisterMetaTwice, func(e *xmppclient.RegisterError) { e.Key = "k" }), BadRequest, `The metadata key "k" is given twice.`},
		{reg(xmppclient.RegisterMetaLong, func(e *xmppclient.RegisterError) { e.Key = "k" }), BadRequest, `The metadata value of "k" is longer than 1024 bytes.`},
		{reg(xmppclient.RegisterMetaType, func(e *xmppclient.RegisterError) { e.Key = "k" }), BadRequest, `The metadata value of "k" must be a string, a bool or a number.`},
		{reg(xmppclient.RegisterBadDomain, func(e *xmppclient.RegisterError) { e.Detail = "a b" }), BadRequest, `"a b" is not a valid server domain.`},
		{reg(xmppclient.RegisterBadUser, nil), BadRequest, `"alice" cannot be a user name on example.org.`},
		{reg(xmppclient.RegisterPassword, func(e *xmppclient.RegisterError) { e.Err = io.EOF }), Internal, "Cannot generate a password: EOF."},
		{reg(xmppclient.RegisterClosed, nil), Forbidden, "The server example.org does not allow creating accounts here (in-band registration is closed)."},
		{reg(xmppclient.RegisterFormRequired, nil), Forbidden, "The server asks for more than a user name and password to register, in a way Parley cannot answer; register on its web page instead."},
		{reg(xmppclient.RegisterLost, func(e *xmppclient.RegisterError) { e.Err = io.EOF }), Unavailable, "Registration failed: the connection broke (EOF)."},
		{reg(xmppclient.RegisterAnswer, func(e *xmppclient.RegisterError) { e.Detail = "get" }), Internal, `Registration failed: the server answered "get".`},
		{reg(xmppclient.RegisterUserExists, func(e *xmppclient.RegisterError) { e.Err = stanza.Error{Condition: stanza.Conflict} }), Conflict, `The identifier "alice" is already registered by someone else; choose another.`},
		{reg(xmppclient.RegisterUserRefused, func(e *xmppclient.RegisterError) { e.Err = stanza.Error{Condition: stanza.NotAcceptable} }), BadRequest, `The server does not accept "alice" as a user name.`},
		{reg(xmppclient.RegisterNotAllowed, func(e *xmppclient.RegisterError) { e.Err = stanza.Error{Condition: stanza.NotAllowed} }), Forbidden, "The server does not allow creating accounts (not-allowed)."},
		{reg(xmppclient.RegisterLimited, func(e *xmppclient.RegisterError) { e.Err = stanza.Error{Condition: stanza.ResourceConstraint} }), Forbidden, "The server refuses more registrations right now (resource-constraint); try again later."},
		{&xmppclient.SaveError{Step: "avatar data", Err: &xmppclient.RequestError{What: "Publishing to urn:xmpp:avatar:data", Err: stanza.Error{Condition: stanza.PolicyViolation}}}, TooLarge,
			"Saving the profile failed at the avatar data step: Publishing to urn:xmpp:avatar:data: the server refused it (policy-violation)."},
		{&xmppclient.SaveError{Step: "vCard4", Err: &xmppclient.NodeAccessError{Node: "urn:xmpp:vcard4", Err: stanza.Error{Condition: stanza.Forbidden}}}, Forbidden,
			"Saving the profile failed at the vCard4 step: The profile node urn:xmpp:vcard4 is readable by more than your contacts and the server would not make it contacts-only (forbidden), so nothing private was published there."},
		{&xmppclient.SaveError{Step: "visibility", Err: &xmppclient.NodeAccessError{Node: "http://jabber.org/protocol/nick", AccessModel: "open", Err: stanza.Error{Condition: stanza.NotAcceptable}}}, Forbidden,
			"Saving the profile failed at the visibility step: The server would not make the profile node http://jabber.org/protocol/nick readable by everyone (not-acceptable), so nothing was published there and your visibility setting stays as it was."},
	})
}
