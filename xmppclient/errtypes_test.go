package xmppclient

import (
	"crypto/x509"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/stanza"
)

// fakeSASLFailure has the shape of mellium's SASL failure error: an error
// whose TokenReader gives the <failure/> element with the condition as
// its first child and an optional <text/>.
type fakeSASLFailure struct{ cond, text string }

func (f fakeSASLFailure) Error() string { return f.cond }

func (f fakeSASLFailure) TokenReader() xml.TokenReader {
	inner := []xml.TokenReader{xmlstream.Wrap(nil, xml.StartElement{Name: xml.Name{Local: f.cond}})}
	if f.text != "" {
		inner = append(inner, xmlstream.Wrap(xmlstream.Token(xml.CharData(f.text)), xml.StartElement{Name: xml.Name{Local: "text"}}))
	}
	return xmlstream.Wrap(xmlstream.MultiReader(inner...),
		xml.StartElement{Name: xml.Name{Space: "urn:ietf:params:xml:ns:xmpp-sasl", Local: "failure"}})
}

func TestUnitSASLConditionFromFailureElement(t *testing.T) {
	cases := []struct {
		cond      string
		code      int
		permanent bool
	}{
		{"not-authorized", codeUnauthorized, true},
		{"account-disabled", codeUnauthorized, true},
		{"credentials-expired", codeUnauthorized, true},
		{"temporary-auth-failure", codeUnavailable, false},
	}
	for _, tc := range cases {
		err := classifySASL(fmt.Errorf("sasl: %w", fakeSASLFailure{cond: tc.cond, text: "Go \x1b[31maway"}))
		var ae *AuthError
		if !errors.As(err, &ae) || ae.Condition != tc.cond {
			t.Fatalf("%s: error %v, want an *AuthError with that condition", tc.cond, err)
		}
		if strings.ContainsRune(ae.Text, 0x1b) || !strings.HasPrefix(ae.Text, "Go ") {
			t.Errorf("%s: text %q, want the server's text sanitised", tc.cond, ae.Text)
		}
		if ae.Temporary() == tc.permanent || isPermanent(err) != tc.permanent {
			t.Errorf("%s: temporary %v, permanent %v", tc.cond, ae.Temporary(), isPermanent(err))
		}
		if CodeOf(err) != tc.code {
			t.Errorf("%s: code %d, want %d", tc.cond, CodeOf(err), tc.code)
		}
	}
	if err := classifySASL(io.EOF); err != nil {
		t.Fatalf("EOF classified as a SASL failure: %v", err)
	}
	if err := classifySASL(errors.New("no matching mechanism found")); !errors.Is(err, ErrNoMechanism) {
		t.Fatalf("no mechanism: %v, want ErrNoMechanism", err)
	}
}

func TestUnitExportedErrorsAreFoundWithIsAndAs(t *testing.T) {
	c := &Client{status: StatusConnecting}
	if _, err := c.session(); !errors.Is(err, ErrNotConnected) {
		t.Errorf("no session: %v, want ErrNotConnected", err)
	}
	err := sendErr("send message to bob@example.org", io.ErrUnexpectedEOF)
	if !errors.Is(err, ErrConnectionLost) || !errors.Is(err, io.ErrUnexpectedEOF) || CodeOf(err) != codeUnavailable {
		t.Errorf("broken send: %v (code %d), want ErrConnectionLost, 503", err, CodeOf(err))
	}
	var ce *CertificateError
	if err := certError(x509.UnknownAuthorityError{}); !errors.As(err, &ce) || ce.Problem != CertUnknownAuthority || !isPermanent(err) {
		t.Errorf("unknown authority: %v, want a permanent *CertificateError", err)
	}
	if err := certError(x509.HostnameError{Certificate: &x509.Certificate{}, Host: "x"}); !errors.As(err, &ce) || ce.Problem != CertWrongName {
		t.Errorf("host name: %v, want CertWrongName", err)
	}
	if err := noTLSError(errors.New("TLS negotiation failed"), "127.0.0.1:5222", false); !errors.Is(err, ErrNoTLS) {
		t.Errorf("no TLS: %v, want ErrNoTLS", err)
	}
}

func TestUnitPublishOptionsRefusedByCondition(t *testing.T) {
	for cond, want := range map[stanza.Condition]bool{
		stanza.Conflict: true, stanza.BadRequest: true, stanza.NotAcceptable: true,
		stanza.Forbidden: false, stanza.ItemNotFound: false,
	} {
		err := stanzaErr(stanza.Error{Condition: cond}, "Publishing")
		if got := optionsRefused(fmt.Errorf("publish: %w", err)); got != want {
			t.Errorf("%s: refused %v, want %v", cond, got, want)
		}
	}
	if optionsRefused(io.EOF) {
		t.Error("EOF counted as refused options")
	}
}
