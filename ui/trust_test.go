package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

const testPin = "3F:0A:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE"

func untrustedErr(problem xmppclient.CertificateProblem) error {
	return &xmppclient.CertificateError{
		Problem: problem, Err: certStub("x509: certificate signed by unknown authority"),
		Subject: "CN=chat.self.example", Issuer: "CN=Self CA",
		NotBefore: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), NotAfter: time.Date(2027, 1, 2, 3, 4, 0, 0, time.UTC),
		Fingerprint: testPin,
	}
}

type certStub string

func (e certStub) Error() string { return string(e) }

// The log-in screen shows an untrusted certificate and offers to trust
// it; t retries the same log-in with its fingerprint pinned.
func TestLoginOffersToTrustAnUntrustedCertificate(t *testing.T) {
	m := failLogin(t, untrustedErr(xmppclient.CertUnknownAuthority), "127.0.0.1:5222")
	for _, want := range []string{"not trusted", "CN=chat.self.example", "CN=Self CA", "2026-01-02 03:04", "2027-01-02 03:04", "3F:0A:11", "t trust this certificate for this account"} {
		mustShow(t, m, want)
	}
	// The form has no flags: the CLI's advice is not shown.
	mustNotShow(t, m, "--trust-fingerprint")
	b := m.backend.(*fakeBackend)
	b.loginErr = nil
	press(t, m, "t")
	if len(b.logins) != 2 {
		t.Fatalf("logins = %+v, want the retry", b.logins)
	}
	first, retry := b.logins[0], b.logins[1]
	if retry.TrustFingerprint != testPin || retry.JID != first.JID || retry.Password != first.Password || retry.Server != first.Server {
		t.Fatalf("retry = %+v after %+v; want the same log-in with the pin", retry, first)
	}
	if m.screen == screenLogin {
		t.Fatalf("still on the log-in form after trusting:\n%s", screenText(m))
	}
}

// Any other key withdraws the offer and goes to the form as typed.
func TestLoginTrustOfferWithdrawnByAnotherKey(t *testing.T) {
	m := failLogin(t, untrustedErr(xmppclient.CertUnknownAuthority), "")
	press(t, m, "x")
	mustNotShow(t, m, "trust this certificate")
	if got := m.login.form.get("password").value(); got != "secretx" {
		t.Fatalf("password = %q, want the key typed into it", got)
	}
	if b := m.backend.(*fakeBackend); len(b.logins) != 1 {
		t.Fatalf("logins = %+v, want no retry", b.logins)
	}
}

// A certificate that is not the pinned one is refused with both
// fingerprints and not offered: it is never re-trusted in passing.
func TestLoginChangedCertificateIsNotOffered(t *testing.T) {
	e := untrustedErr(xmppclient.CertPinMismatch).(*xmppclient.CertificateError)
	e.Pinned = strings.Replace(testPin, "3F", "40", 1)
	m := failLogin(t, e, "")
	mustNotShow(t, m, "trust this certificate")
	if msg := m.login.err; !strings.Contains(msg, testPin) || !strings.Contains(msg, e.Pinned) || errtext.Code(e) != errtext.Unavailable {
		t.Fatalf("shown %q, want both fingerprints", msg)
	}
}
