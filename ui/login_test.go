package ui

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

func openLoginForm(t *testing.T, b *fakeBackend) *Model {
	t.Helper()
	m := newTestModel(t, b, 80, 24)
	drain(t, m, m.Init())
	press(t, m, "down", "enter")
	if m.screen != screenLogin {
		t.Fatalf("no log-in form:\n%s", screenText(m))
	}
	return m
}

func TestLoginWrongPasswordKeepsFormButPassword(t *testing.T) {
	b := &fakeBackend{password: "right"}
	m := openLoginForm(t, b)
	press(t, m, "alice@example.org", "tab", "wrong", "tab", "xmpp.example.org:5222", "tab", "tab", "space", "enter")
	if len(b.logins) != 1 {
		t.Fatalf("logins = %+v", b.logins)
	}
	req := b.logins[0]
	if req.JID != "alice@example.org" || req.Password != "wrong" || req.Server != "xmpp.example.org:5222" || req.Remember {
		t.Fatalf("request = %+v", req)
	}
	if m.screen != screenLogin {
		t.Fatalf("left the form after a failure:\n%s", screenText(m))
	}
	f := m.login.form
	if f.get("jid").value() != "alice@example.org" || f.get("server").value() != "xmpp.example.org:5222" || m.login.remember.on {
		t.Fatal("the form lost what was typed")
	}
	if f.get("password").value() != "" {
		t.Fatal("the password was kept after a failure")
	}
	if f.focused().key != "password" {
		t.Fatalf("focus on %q, want password", f.focused().key)
	}
	// The server's reason, on one line.
	s := screenText(m)
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "refused the password") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("reason shown on %d lines:\n%s", n, s)
	}
	// Retry with the right password.
	press(t, m, "right", "enter")
	if m.screen != screenContacts {
		t.Fatalf("retry failed:\n%s", screenText(m))
	}
}

func TestLoginFieldValidation(t *testing.T) {
	m := openLoginForm(t, &fakeBackend{})
	press(t, m, "alice", "tab", "pw", "enter")
	if m.screen != screenLogin {
		t.Fatal("submitted an invalid JID")
	}
	mustShow(t, m, "A JID looks like alice@example.org.")
	if m.login.form.focused().key != "jid" {
		t.Fatal("focus not moved to the bad field")
	}
}

func TestQTypesInTextInputs(t *testing.T) {
	m := openLoginForm(t, &fakeBackend{})
	press(t, m, "q", "?", "/")
	if got := m.login.form.get("jid").value(); got != "q?/" {
		t.Fatalf("jid field = %q, want q?/ typed", got)
	}
	if m.help || m.cmdline.active {
		t.Fatal("a letter in a field opened an overlay")
	}
}

// failLogin submits the log-in form with a server that fails with err.
func failLogin(t *testing.T, err error, server string) *Model {
	t.Helper()
	m := openLoginForm(t, &fakeBackend{loginErr: err})
	press(t, m, "alice@nowhere.example", "tab", "secret")
	if server != "" {
		press(t, m, "tab", server, "shift+tab")
	}
	press(t, m, "ctrl+s")
	if m.screen != screenLogin {
		t.Fatalf("left the form after a failure:\n%s", screenText(m))
	}
	return m
}

func TestLoginFailureAtTheJIDKeepsPassword(t *testing.T) {
	m := failLogin(t, errtext.New(errtext.NotFound, "The server at 127.0.0.1:5222 does not serve the domain nowhere.example."), "")
	f := m.login.form
	if f.focused().key != "jid" {
		t.Fatalf("focus on %q, want jid", f.focused().key)
	}
	if !strings.Contains(f.get("jid").err, "does not serve the domain nowhere.example") || m.login.err != "" {
		t.Fatalf("error at the JID %q, under the form %q", f.get("jid").err, m.login.err)
	}
	if f.get("password").value() != "secret" {
		t.Fatal("the password was dropped although the server did not refuse it")
	}
	// The error sits under the JID, above the password.
	s := screenText(m)
	if e, p := strings.Index(s, "does not serve"), strings.Index(s, "Password"); e < 0 || e > p {
		t.Fatalf("the error is not under the JID field:\n%s", s)
	}
	// Fixing the JID clears it; the kept password logs in.
	press(t, m, "ctrl+u", "alice@example.org")
	if f.get("jid").err != "" {
		t.Fatalf("the error stayed after the JID changed: %q", f.get("jid").err)
	}
}

func TestLoginFailureAtTheServerKeepsPassword(t *testing.T) {
	m := failLogin(t, errtext.New(errtext.Unavailable, "Cannot reach the server at 127.0.0.1:1: nothing answers there."), "127.0.0.1:1")
	f := m.login.form
	if f.focused().key != "server" || !strings.Contains(f.get("server").err, "Cannot reach") {
		t.Fatalf("focus on %q, server error %q", f.focused().key, f.get("server").err)
	}
	if f.get("password").value() != "secret" || f.get("jid").err != "" {
		t.Fatal("the password was dropped, or the JID blamed")
	}
}

func TestLoginCertificateFailureKeepsPasswordUnderForm(t *testing.T) {
	cert := errtext.Wrap(errtext.Unavailable, &xmppclient.CertificateError{Err: errors.New("x509: unknown authority")},
		"The server's TLS certificate is not trusted (unknown authority); refusing to send the password.")
	m := failLogin(t, cert, "127.0.0.1:5222")
	f := m.login.form
	if m.login.err == "" || f.get("server").err != "" || f.get("jid").err != "" {
		t.Fatalf("a certificate failure blamed a field: %+v", m.login)
	}
	if f.focused().key != "password" || f.get("password").value() != "secret" {
		t.Fatalf("focus on %q, password kept %v", f.focused().key, f.get("password").value() == "secret")
	}
}

// A placeholder wider than its input is not drawn cut (it would read as
// typed text), and comes back whole when there is room.
func TestFormPlaceholderWholeOrNothing(t *testing.T) {
	m := openLoginForm(t, &fakeBackend{})
	const full = "host:port (optional: found via DNS)"
	mustShow(t, m, full)
	send(t, m, tea.WindowSizeMsg{Width: 44, Height: 20})
	mustNotShow(t, m, "host:port")
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	mustShow(t, m, full)
}
