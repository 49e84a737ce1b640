package errtext

import (
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"testing"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

func TestCodeOfBareTypedErrors(t *testing.T) {
	cases := []struct {
		err  error
		code int
	}{
		{&xmppclient.AuthError{Condition: "not-authorized"}, Unauthorized},
		{&xmppclient.AuthError{Condition: "temporary-auth-failure"}, Unavailable},
		{xmppclient.ErrNoMechanism, Unauthorized},
		{&xmppclient.CertificateError{Problem: xmppclient.CertWrongName, Err: x509.HostnameError{}}, Unavailable},
		{xmppclient.ErrNoTLS, Unavailable},
		{xmppclient.ErrNotConnected, Unavailable},
		{xmppclient.ErrConnectionLost, Unavailable},
		{keystore.ErrKeyringTimeout, Unavailable},
		{keystore.ErrNoAccount, NotFound},
		{keystore.ErrInvalidAddress, BadRequest},
		{&profile.LimitError{What: "image", Size: 2, Limit: 1}, TooLarge},
		{&profile.PixelLimitError{What: "image", Width: 9, Height: 9, MaxSide: 1}, TooLarge},
		{&profile.ValidationError{Fields: []profile.FieldError{{Field: profile.FieldEmail, Message: "The e-mail is bad."}}}, BadRequest},
		{stanza.Error{Condition: stanza.Forbidden}, Forbidden},
		{stanza.Error{Condition: stanza.ItemNotFound}, NotFound},
		{stanza.Error{Condition: stanza.Conflict}, Conflict},
		{stanza.Error{Condition: stanza.JIDMalformed}, BadRequest},
		{stanza.Error{Condition: stanza.RemoteServerTimeout}, Unavailable},
		{stanza.Error{Condition: stanza.PolicyViolation}, TooLarge},
		{stanza.Error{Condition: stanza.InternalServerError}, Internal},
	}
	for _, tc := range cases {
		wrapped := fmt.Errorf("publish avatar metadata: %w", tc.err)
		if got := Code(wrapped); got != tc.code {
			t.Errorf("%v: code %d, want %d", tc.err, got, tc.code)
		}
	}
}

func TestCarrierCodeWinsOverTypedCode(t *testing.T) {
	// lastactivity and profileget re-word a stanza error with their own
	// code; the outer decision is the one shown.
	err := Wrap(Forbidden, stanza.Error{Condition: stanza.ItemNotFound}, "Private.")
	if Code(err) != Forbidden {
		t.Fatalf("code %d, want the carrier's 403", Code(err))
	}
}

func TestAdviceNamesTheFlagAtTheEdge(t *testing.T) {
	cert := Wrap(Unavailable, &xmppclient.CertificateError{Problem: xmppclient.CertUnknownAuthority, Err: x509.UnknownAuthorityError{}},
		"The server's TLS certificate is not trusted (unknown authority); refusing to send the password.")
	if msg := Message(fmt.Errorf("connect: %w", cert)); !strings.Contains(msg, "not trusted") || !strings.HasSuffix(msg, "Give the server's CA with --ca if you trust it.") {
		t.Errorf("untrusted certificate: %q, want the --ca advice", msg)
	}
	if msg := Message(fmt.Errorf("send: %w", xmppclient.ErrNotConnected)); !strings.Contains(msg, "status shows CONNECTED") {
		t.Errorf("not connected: %q, want the CONNECTED advice", msg)
	}
	if msg := Message(errors.New("plain")); msg != "plain" {
		t.Errorf("plain error: %q, want its text alone", msg)
	}
}
