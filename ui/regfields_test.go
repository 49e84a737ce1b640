package ui

import (
	"testing"

	"github.com/parley-im/parley/xmppclient"
)

func askingForm() *xmppclient.RegisterFieldError {
	email := xmppclient.RegisterField{Var: "email", Type: "text-single", Label: "Email", Required: true}
	return &xmppclient.RegisterFieldError{
		Problem: xmppclient.RegisterFieldMissing, User: "alice", Fields: []xmppclient.RegisterField{email},
		Form: xmppclient.RegisterForm{
			Instructions: "Choose a username and password.",
			URL:          "https://example.org/captcha/7",
			Fields: []xmppclient.RegisterField{
				{Var: "FORM_TYPE", Type: "hidden", Value: []string{"jabber:iq:register"}},
				{Var: "username", Type: "text-single", Required: true},
				{Var: "password", Type: "text-private", Required: true},
				email,
				{Var: "pin", Type: "text-private", Label: "Invite PIN"},
				{Var: "tos", Type: "boolean", Label: "I accept the rules"},
				{Var: "lang", Type: "list-single", Label: "Language", Value: []string{"en"}, Options: []xmppclient.RegisterOption{{Label: "English", Value: "en"}, {Value: "de"}}},
			},
		},
	}
}

func TestRegisterDrawsTheServersFieldsAfterAFirstAttempt(t *testing.T) {
	b := &fakeBackend{regErr: askingForm()}
	m := openRegisterForm(t, b)
	mustNotShow(t, m, "Email")
	press(t, m, "alice", "ctrl+s")
	if m.screen != screenRegister || len(b.regs) != 1 || b.regs[0].Fields != nil {
		t.Fatalf("first attempt: screen %v, requests %+v", m.screen, b.regs)
	}
	mustShow(t, m, "Email *", "The server asks for this to register.", "Invite PIN", "I accept the rules", "Language",
		"https://example.org/captcha/7", "Choose a username and password.")
	mustNotShow(t, m, "FORM_TYPE", "jabber:iq:register")
	if f := m.register.form.focused(); f == nil || f.key != serverFieldPrefix+"email" {
		t.Fatalf("focus on %+v, want the e-mail field", f)
	}
	b.regErr = nil
	press(t, m, "a@example.org", "tab", "1234", "tab", "space", "ctrl+s")
	mustNotShow(t, m, "1234") // a private field is drawn masked
	if len(b.regs) != 2 {
		t.Fatalf("requests %+v", b.regs)
	}
	got := b.regs[1].Fields
	want := map[string]string{"email": "a@example.org", "pin": "1234", "tos": "true", "lang": "en"}
	if len(got) != len(want) {
		t.Fatalf("fields %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("field %s = %q, want %q", k, got[k], v)
		}
	}
	if b.regs[1].Identifier != "alice" {
		t.Fatalf("the form lost the identifier: %+v", b.regs[1])
	}
}

func TestRegisterServerFieldsValidatedAndDroppedForAnotherServer(t *testing.T) {
	b := &fakeBackend{regErr: askingForm()}
	m := openRegisterForm(t, b)
	press(t, m, "alice", "ctrl+s")
	b.regErr = nil
	press(t, m, "ctrl+s") // the required e-mail is still empty
	if len(b.regs) != 1 {
		t.Fatalf("submitted without the required field: %+v", b.regs)
	}
	mustShow(t, m, "The server asks for this to register.")
	m.register.form.get(serverFieldPrefix + "lang").input.SetValue("fr")
	press(t, m, "a@example.org", "ctrl+s")
	if len(b.regs) != 1 {
		t.Fatal("submitted a value the list does not offer")
	}
	mustShow(t, m, `"fr" is not a choice: one of en, de.`)
	m.register.form.get(serverFieldPrefix + "lang").input.SetValue("de")
	// Another server: its own form is not known, so nothing of this one goes.
	m.register.sandbox.on = false
	m.register.syncHidden()
	m.register.form.get("domain").input.SetValue("example.net")
	press(t, m, "ctrl+s")
	if len(b.regs) != 2 || b.regs[1].Fields != nil || b.regs[1].Domain != "example.net" {
		t.Fatalf("requests %+v", b.regs)
	}
	mustNotShow(t, m, "Email *")
}
