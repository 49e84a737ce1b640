package ui

import (
	"regexp"
	"strings"
	"testing"
)

func TestWelcomeFirstRunOffersCreateAndLogIn(t *testing.T) {
	b := &fakeBackend{}
	m := newTestModel(t, b, 80, 24)
	drain(t, m, m.Init())
	mustShow(t, m, "Create an account", "Log in with an existing account", "keyring")
	press(t, m, "enter")
	if m.screen != screenRegister {
		t.Fatalf("enter on the first item did not open registration:\n%s", screenText(m))
	}
	press(t, m, "esc", "down", "enter")
	if m.screen != screenLogin {
		t.Fatalf("second item did not open the log-in form:\n%s", screenText(m))
	}
}

func TestWelcomeSavedAccountLogsInWithStoredSecret(t *testing.T) {
	b := &fakeBackend{accounts: []Account{{JID: "alice@example.org", HasSecret: true}}, stored: true, password: "pw"}
	m := newTestModel(t, b, 80, 24)
	drain(t, m, m.Init())
	mustShow(t, m, "alice@example.org", "Log in with another account", "Create an account")
	press(t, m, "enter")
	if len(b.logins) != 1 || b.logins[0].Password != "" || b.logins[0].JID != "alice@example.org" {
		t.Fatalf("logins = %+v, want one with the stored secret", b.logins)
	}
	if m.screen != screenContacts || m.state.account != "alice@example.org" {
		t.Fatalf("screen %v account %q after log in", m.screen, m.state.account)
	}
	mustShow(t, m, "CONNECTED", "alice@example.org")
}

func TestWelcomeAsksPasswordWithoutKeyring(t *testing.T) {
	b := &fakeBackend{accounts: []Account{{JID: "alice@example.org", HasSecret: false}}, password: "hunter2"}
	m := newTestModel(t, b, 80, 24)
	drain(t, m, m.Init())
	mustShow(t, m, "asks for password")
	press(t, m, "enter")
	mustShow(t, m, "Password for alice@example.org", "will not be stored")
	press(t, m, "hunter2")
	mustNotShow(t, m, "hunter2") // masked
	press(t, m, "enter")
	if len(b.logins) != 1 || b.logins[0].Password != "hunter2" || b.logins[0].Remember {
		t.Fatalf("logins = %+v, want the typed password, not remembered", b.logins)
	}
	if m.screen != screenContacts {
		t.Fatalf("not logged in:\n%s", screenText(m))
	}
}

func TestAccountOptionSkipsWelcome(t *testing.T) {
	b := &fakeBackend{stored: true, password: "pw"}
	m := newTestModel(t, b, 80, 24)
	m.opts.Account = "bob@example.org"
	drain(t, m, m.Init())
	if len(b.logins) != 1 || b.logins[0].JID != "bob@example.org" {
		t.Fatalf("logins = %+v", b.logins)
	}
	if m.screen != screenContacts {
		t.Fatalf("screen = %v, want contacts", m.screen)
	}
}

func TestAccountOptionWithoutSecretShowsForm(t *testing.T) {
	b := &fakeBackend{stored: false, password: "pw"}
	m := newTestModel(t, b, 80, 24)
	m.opts.Account = "bob@example.org"
	drain(t, m, m.Init())
	if m.screen != screenLogin {
		t.Fatalf("screen = %v, want the log-in form", m.screen)
	}
	mustShow(t, m, "bob@example.org", "refused the password")
	if got := m.login.form.focused().key; got != "password" {
		t.Fatalf("focus on %q, want password", got)
	}
}

// A keyring that holds no password for the account yet: the list says the
// account asks for one, and Enter asks for it there, with no error; the
// password typed is kept.
func TestWelcomeFirstLogInWithKeyringAsks(t *testing.T) {
	b := &fakeBackend{accounts: []Account{{JID: "alice@example.org", HasSecret: true}, {JID: "bob@example.org", HasSecret: true}},
		stored: true, password: "pw", unsaved: []string{"bob@example.org"}}
	m := newTestModel(t, b, 80, 24)
	drain(t, m, m.Init())
	s := screenText(m)
	if !regexp.MustCompile(`alice@example\.org\s+password saved`).MatchString(s) ||
		!regexp.MustCompile(`bob@example\.org\s+asks for password`).MatchString(s) {
		t.Fatalf("the list does not mark the saved password:\n%s", s)
	}
	press(t, m, "down", "enter")
	if !m.welcome.asking || len(b.logins) != 0 {
		t.Fatalf("Enter tried the missing password instead of asking: %+v\n%s", b.logins, screenText(m))
	}
	if !strings.Contains(words(m), "Password for bob@example.org") || !strings.Contains(words(m), "kept for the next log-in") {
		t.Fatalf("the prompt does not ask kindly:\n%s", screenText(m))
	}
	mustNotShow(t, m, "✗", "No password is known", "will not be stored")
	press(t, m, "pw", "enter")
	if len(b.logins) != 1 || b.logins[0].Password != "pw" || !b.logins[0].Remember {
		t.Fatalf("logins = %+v, want the typed password, remembered", b.logins)
	}
}

// A log-in that finds no password (--account, say) asks at the password
// field instead of showing an error.
func TestNoSavedPasswordAsksInsteadOfAccusing(t *testing.T) {
	b := &fakeBackend{stored: true, password: "pw", unsaved: []string{"bob@example.org"}}
	m := newTestModel(t, b, 80, 24)
	m.opts.Account = "bob@example.org"
	drain(t, m, m.Init())
	if m.screen != screenLogin || m.login.form.focused().key != "password" {
		t.Fatalf("not asked for the password:\n%s", screenText(m))
	}
	mustShow(t, m, "No password is saved for this account yet: enter it.")
	mustNotShow(t, m, "✗", "No password is known")
	press(t, m, "pw", "enter")
	if m.screen != screenContacts {
		t.Fatalf("the typed password did not log in:\n%s", screenText(m))
	}
}

// The selected line's text starts in the column of the others: moving the
// cursor shifts no text.
func TestWelcomeSelectionShiftsNoText(t *testing.T) {
	b := &fakeBackend{accounts: []Account{{JID: "alice@example.org", HasSecret: true}}, stored: true}
	m := newTestModel(t, b, 80, 24)
	drain(t, m, m.Init())
	column := func(text string) int {
		t.Helper()
		for _, l := range strings.Split(screenText(m), "\n") {
			if i := strings.Index(l, text); i >= 0 {
				return len([]rune(l[:i]))
			}
		}
		t.Fatalf("no %q on the screen:\n%s", text, screenText(m))
		return -1
	}
	for _, item := range []string{"alice@example.org", "Log in with another account", "Create an account"} {
		selected := column(item)
		press(t, m, "down")
		if got := column(item); got != selected {
			t.Fatalf("%q starts in column %d selected and %d not", item, selected, got)
		}
	}
}

// The password prompt shows its placeholder whole, at every width and for
// any JID: one cut to its first letter reads as a typed "p".
func TestWelcomePasswordPlaceholderWholeOrNothing(t *testing.T) {
	for _, jid := range []string{"alice@example.org", "a-very-long-user-name-indeed@a-rather-long-domain.example.org"} {
		for _, w := range []int{60, 80, 132} {
			b := &fakeBackend{accounts: []Account{{JID: jid}}}
			m := NewModel(t.Context(), Options{Backend: b, Width: w, Height: 20, Environ: []string{"NO_COLOR=1"}})
			drain(t, m, m.Init())
			press(t, m, "enter")
			s := screenText(m)
			if !regexp.MustCompile(`(?m)(:|›) password\s*$`).MatchString(s) {
				t.Fatalf("%d cells, %s: the placeholder is not shown whole:\n%s", w, jid, s)
			}
			if nospace := func(s string) string { return strings.Join(strings.Fields(s), "") }; !strings.Contains(nospace(s), nospace("Password for "+jid+":")) {
				t.Fatalf("%d cells, %s: the prompt is cut:\n%s", w, jid, s)
			}
		}
	}
}

// Without colour a placeholder is still drawn faint, so it never reads as
// typed text.
func TestPlaceholderFaintWithoutColour(t *testing.T) {
	b := &fakeBackend{accounts: []Account{{JID: "alice@example.org"}}}
	m := NewModel(t.Context(), Options{Backend: b, Width: 80, Height: 24, Environ: []string{"NO_COLOR=1"}})
	drain(t, m, m.Init())
	press(t, m, "enter")
	raw := m.View().Content
	// The first letter sits under the cursor; the rest is faint (SGR 2).
	if !regexp.MustCompile(`\x1b\[2(;[0-9;]*)?massword`).MatchString(raw) {
		t.Fatalf("the placeholder is not faint: %q", raw)
	}
}
