package ui

import (
	"strings"
	"testing"
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
	press(t, m, "alice@example.org", "tab", "wrong", "tab", "xmpp.example.org:5222", "tab", "space", "enter")
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
