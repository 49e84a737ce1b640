package ui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// trustOffer is a server certificate that no CA vouches for, shown under
// the log-in form so that the user can trust it for this account (trust on
// first use): the log-in is retried with its fingerprint pinned, and a
// successful one saves the pin in the account.
type trustOffer struct {
	cert *xmppclient.CertificateError
	req  LoginRequest // the log-in that met it, retried as it was
}

var trustKey = key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "trust this certificate for this account"))

// untrusted is the certificate of a log-in refused only because no CA
// vouches for it. A certificate that differs from the account's pin is
// not offered: a changed certificate is refused, never re-trusted in
// passing.
func untrusted(err error) *xmppclient.CertificateError {
	var cert *xmppclient.CertificateError
	if errors.As(err, &cert) && cert.Problem == xmppclient.CertUnknownAuthority && cert.Fingerprint != "" {
		return cert
	}
	return nil
}

// offerTrust shows the certificate of a log-in refused as untrusted, with
// the reason alone: the CLI's advice (a flag) is replaced by the offer.
func (l *loginModel) offerTrust(err error, req LoginRequest) {
	cert := untrusted(err)
	if cert == nil {
		return
	}
	l.trust = &trustOffer{cert: cert, req: req}
	l.err = cleanSentence(errtext.Reason(err))
}

// trustKeys handles a key while the offer is shown: t retries the log-in
// with the certificate pinned; any other key withdraws the offer and goes
// to the form (handled is false then).
func (l *loginModel) trustKeys(m *Common, msg tea.Msg) (tea.Cmd, bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if l.trust == nil || !ok {
		return nil, false
	}
	offer := l.trust
	l.trust = nil
	if !key.Matches(k, trustKey) {
		return nil, false
	}
	l.err = ""
	req := offer.req
	req.TrustFingerprint = offer.cert.Fingerprint
	return m.ask(loginRequestMsg{req}), true
}

// trustView draws the certificate and the offer.
func (l *loginModel) trustView(st Styles, w int) string {
	c := l.trust.cert
	var b strings.Builder
	row := func(label, value string) {
		lines := wrapText(clean(value), max(10, w-14))
		for i, line := range lines {
			if i == 0 {
				b.WriteString("  " + st.Label.Render(padRight(label, 10)) + " " + line + "\n")
			} else {
				b.WriteString("             " + line + "\n")
			}
		}
	}
	row("Subject", c.Subject)
	row("Issuer", c.Issuer)
	row("Valid", c.NotBefore.UTC().Format("2006-01-02 15:04")+" to "+c.NotAfter.UTC().Format("2006-01-02 15:04")+" UTC")
	row("SHA-256", c.Fingerprint)
	for _, line := range wrapText("Trust it only if the fingerprint is the one the server's owner gives.", max(10, w-4)) {
		b.WriteString(st.Subtle.Render("  "+line) + "\n")
	}
	b.WriteString("\n  " + st.Key.Render("t") + " " + trustKey.Help().Desc + st.Subtle.Render(" · any other key: back to the form") + "\n")
	return b.String()
}

func padRight(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return s + strings.Repeat(" ", n-len(s))
}
