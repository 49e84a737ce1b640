package ui

import (
	"errors"
	"strings"
	"testing"

	"github.com/parley-im/parley/xmppclient"
)

// The log-in form's CA file goes with the request; a file that cannot be
// used is shown at that field, which gets the focus, and nothing typed is
// lost.
func TestLoginCAFileField(t *testing.T) {
	b := &fakeBackend{password: "right", loginErr: &xmppclient.CAFileError{Path: "/etc/ca.pem", Err: errors.New("no such file")}}
	m := openLoginForm(t, b)
	press(t, m, "alice@example.org", "tab", "right", "tab", "xmpp.example.org:5222", "tab", "/etc/ca.pem", "ctrl+s")
	if len(b.logins) != 1 || b.logins[0].CAFile != "/etc/ca.pem" || b.logins[0].Server != "xmpp.example.org:5222" {
		t.Fatalf("logins = %+v", b.logins)
	}
	f := m.login.form
	if f.focused().key != "ca" || f.get("ca").value() != "/etc/ca.pem" || f.get("jid").value() != "alice@example.org" {
		t.Fatalf("after the failure: focus %q, ca %q", f.focused().key, f.get("ca").value())
	}
	mustShowWords(t, m, "Cannot read the CA file /etc/ca.pem")
}

// An untrusted certificate on the registration form points to its CA file
// field, not to a flag the form does not have.
func TestRegisterCAFileField(t *testing.T) {
	b := &fakeBackend{regErr: &xmppclient.CertificateError{Problem: xmppclient.CertUnknownAuthority}}
	m := openRegisterForm(t, b)
	mustNotShow(t, m, "CA file") // the sandbox brings its own CA
	press(t, m, "alice", "tab", "space")
	mustShow(t, m, "CA file")
	m.register.form.get("domain").input.SetValue("example.org")
	m.register.form.get("ca").input.SetValue(" /srv/ca.pem ")
	press(t, m, "ctrl+s")
	if len(b.regs) != 1 || b.regs[0].CAFile != "/srv/ca.pem" || b.regs[0].Sandbox {
		t.Fatalf("registrations = %+v", b.regs)
	}
	mustShowWords(t, m, "give its CA certificate (a PEM file) in the CA file field")
	if strings.Contains(screenText(m), "--ca") {
		t.Fatalf("the form names a flag:\n%s", screenText(m))
	}
	// Back to the sandbox: the CA file typed for another server stays out.
	if m.register.form.focused() != m.register.sandbox {
		t.Fatalf("focus on %q", m.register.form.focused().key)
	}
	press(t, m, "space", "ctrl+s")
	if len(b.regs) != 2 || b.regs[1].CAFile != "" || !b.regs[1].Sandbox {
		t.Fatalf("sandbox registration = %+v", b.regs[1:])
	}
}
