package ui

import (
	"context"
	"errors"
	"net"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/xmppclient"
)

// loginModel is the log-in form: JID, password (masked), an optional
// server address and CA file, and whether to remember the password.
type loginModel struct {
	form     form
	remember *field
	err      string      // the server's reason for the last failure, one line
	trust    *trustOffer // an untrusted certificate the user may trust
}

func validJID(s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return problem("Enter your JID, e.g. alice@example.org.")
	case strings.ContainsAny(strings.TrimSpace(s), " \t"):
		return problem("A JID looks like alice@example.org.")
	}
	if _, err := app.BareJID(s); err != nil {
		return problem("A JID looks like alice@example.org.")
	}
	return nil
}

func validServer(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if i := strings.LastIndexByte(s, ':'); i <= 0 || i == len(s)-1 || strings.ContainsAny(s, " /") {
		return problem("Give the server as host:port, e.g. xmpp.example.org:5222, or leave it empty.")
	}
	return nil
}

// caField is the optional CA file of the log-in and registration forms:
// for a server whose certificate a private CA signed (what --ca gives the
// commands; typed here, it wins over --ca).
func caField() *field {
	return &field{key: "ca", label: "CA file", input: newInput("PEM file (optional: for a private CA)", 4096, false),
		hint: "Only for a server whose certificate a private CA signed: its CA certificate, e.g. ~/ca.pem."}
}

func newLogin(jid, server string) loginModel {
	l := loginModel{}
	j := &field{key: "jid", label: "JID", input: newInput("alice@example.org", 3071, false), validate: validJID}
	j.input.SetValue(jid)
	pw := &field{key: "password", label: "Password", input: newInput("", 1024, true)}
	srv := &field{key: "server", label: "Server", input: newInput("host:port (optional: found via DNS)", 255, false),
		validate: validServer, hint: "Only needed when DNS does not point to the server."}
	srv.input.SetValue(server)
	l.remember = &field{key: "remember", label: "Remember", kind: kindToggle, on: true,
		hint: "keep the password in the keyring"}
	l.form = form{fields: []*field{j, pw, srv, caField(), l.remember}}
	l.form.setFocus(0)
	return l
}

// fail keeps every field as typed, the password too unless the server
// refused it, and shows why at the field at fault, which it focuses (as
// the registration form does); a failure no field caused shows under the
// form, with the focus on the password.
func (l *loginModel) fail(err error, password string) tea.Cmd {
	l.err = ""
	pw := l.form.get("password")
	pw.input.SetValue(password)
	if errtext.Code(err) == errtext.Unauthorized {
		pw.input.Reset()
	}
	if errors.Is(err, keystore.ErrNoPassword) && errtext.Code(err) == errtext.NotFound {
		// Nothing failed: no password is saved yet, so ask for it.
		pw.hint = "No password is saved for this account yet: enter it."
		return l.form.focusKey("password")
	}
	at := l.faultyField(err)
	if at == "" {
		l.err = formErrText(err)
		return l.form.focusKey("password")
	}
	l.form.get(at).err = errText(err)
	return l.form.focusKey(at)
}

// faultyField is the field a log-in failure is about: the JID for an
// address the server or the keystore refused or a domain that does not
// exist, the server for an address typed there that does not answer, the
// CA file for one that cannot be read; ""
// for the rest (a refused password is the server's verdict on the
// account, shown under the form; a certificate is no field's fault).
func (l *loginModel) faultyField(err error) string {
	var (
		dns   *net.DNSError
		cert  *xmppclient.CertificateError
		caErr *xmppclient.CAFileError
	)
	jid := strings.TrimSpace(l.form.get("jid").value())
	server := strings.TrimSpace(l.form.get("server").value())
	_, domain := app.SplitJID(jid)
	msg := errtext.Message(err)
	switch code := errtext.Code(err); {
	case errors.As(err, &caErr):
		return "ca"
	case errors.As(err, &cert), errors.Is(err, xmppclient.ErrNoTLS):
		return ""
	case errors.Is(err, keystore.ErrInvalidAddress):
		return "jid"
	case (code == errtext.BadRequest || code == errtext.NotFound) && jid != "" &&
		(strings.Contains(msg, jid) || domain != "" && strings.Contains(msg, domain)):
		return "jid"
	case code == errtext.Unavailable && server != "":
		return "server"
	case code == errtext.Unavailable && errors.As(err, &dns):
		return "jid"
	}
	return ""
}

func (l *loginModel) update(m *Common, msg tea.Msg) tea.Cmd {
	if res, ok := msg.(loginMsg); ok { // a failure: the root made a fresh form
		focus := l.fail(res.err, res.req.Password)
		l.offerTrust(res.err, res.req)
		return focus
	}
	if cmd, done := guardForm(m, msg); done {
		return cmd
	}
	if cmd, handled := l.trustKeys(m, msg); handled {
		return cmd
	}
	res, cmd := l.form.update(msg, m.keys)
	if res == formMoved && l.form.focus == 2 && isKey(msg, m.keys.Submit) {
		res = formSubmitted // Enter in the password field logs in
		l.form.focusKey("password")
	}
	if res != formSubmitted {
		return cmd
	}
	if !l.form.validate() {
		return nil
	}
	pw := l.form.get("password")
	if pw.value() == "" {
		pw.err = "Enter the password."
		l.form.focusKey("password")
		return nil
	}
	l.err = ""
	return m.ask(loginRequestMsg{LoginRequest{
		JID:      strings.TrimSpace(l.form.get("jid").value()),
		Password: pw.value(),
		Server:   strings.TrimSpace(l.form.get("server").value()),
		CAFile:   strings.TrimSpace(l.form.get("ca").value()),
		Remember: l.remember.on,
	}})
}

// formErrText is errText for the log-in and registration forms: advice
// about the server's certificate names their CA file field, not --ca.
func formErrText(err error) string {
	if errors.Is(err, context.Canceled) {
		return errText(err)
	}
	return cleanSentence(errtext.FormMessage(err))
}

// isKey reports whether msg is a key press of b.
func isKey(msg tea.Msg, b key.Binding) bool {
	k, ok := msg.(tea.KeyPressMsg)
	return ok && key.Matches(k, b)
}

func (l *loginModel) view(m *Common, w, h int) string {
	st := m.styles
	var b strings.Builder
	b.WriteString("\n" + st.Title.Render("  Log in") + "\n\n")
	b.WriteString(l.form.view(st, w-2) + "\n\n")
	if l.err != "" {
		b.WriteString(wrapBlock(st.Error, "  ✗ ", l.err, w-1) + "\n")
	}
	if l.trust != nil {
		b.WriteString(l.trustView(st, w) + "\n")
	}
	if m.busy > 0 {
		b.WriteString("  " + m.spin.View() + " " + m.inFlightOp + "\n")
	}
	if m.storage != "" {
		for _, line := range wrapText(clean(m.storage), max(10, w-4)) {
			b.WriteString(st.Subtle.Render("  "+line) + "\n")
		}
	}
	return b.String()
}
