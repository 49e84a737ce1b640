package ui

import (
	"strings"
	"testing"
)

// hintsShow fails unless the screen's hints hold every want and none of
// bad.
func hintsShow(t *testing.T, m *Model, want, bad []string) {
	t.Helper()
	got := strings.Join(m.hints(), " · ")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Fatalf("hints %q lack %q", got, w)
		}
	}
	for _, b := range bad {
		if strings.Contains(got, b) {
			t.Fatalf("hints %q offer %q, which does not work here", got, b)
		}
	}
}

func TestFriendsProfileDoesNotOfferEdit(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, sampleContacts()...)
	press(t, m, "p") // Bob
	if m.screen != screenProfile || m.view.own(m.common()) {
		t.Fatalf("not on a friend's profile:\n%s", screenText(m))
	}
	edit := hint(m.keys.Edit, "edit")
	hintsShow(t, m, []string{hint(m.keys.Open, "chat"), hint(m.keys.Refresh, "")}, []string{edit})
	mustNotShow(t, m, edit)

	press(t, m, "esc", "o")
	if !m.view.own(m.common()) {
		t.Fatal("o did not open the own profile")
	}
	hintsShow(t, m, []string{edit}, []string{hint(m.keys.Open, "chat")})
}

func TestEmptyContactListOffersNoRowKeys(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30)
	hintsShow(t, m, []string{hint(m.keys.Add, "add")}, []string{hint(m.keys.Open, "chat"), hint(m.keys.Profile, "profile")})
}

func TestFormOffersToggleOnlyOnToggle(t *testing.T) {
	m := openLoginForm(t, &fakeBackend{})
	toggle := hint(m.keys.Toggle, "")
	hintsShow(t, m, []string{hint(m.keys.Submit, "next")}, []string{toggle})
	press(t, m, "tab")
	hintsShow(t, m, []string{hint(m.keys.Submit, "log in")}, []string{toggle})
	press(t, m, "tab", "tab", "tab") // server, CA file, Remember
	if m.login.form.focused().kind != kindToggle {
		t.Fatal("not on the Remember toggle")
	}
	hintsShow(t, m, []string{toggle, hint(m.keys.Submit, "submit")}, nil)
}

func TestWelcomePasswordPromptHints(t *testing.T) {
	b := &fakeBackend{accounts: []Account{{JID: "alice@example.org"}}}
	m := newTestModel(t, b, 80, 24)
	drain(t, m, m.Init())
	press(t, m, "enter")
	if !m.welcome.asking {
		t.Fatal("no password prompt")
	}
	// Letters are the password now: q, x and ? are not keys.
	hintsShow(t, m, []string{hint(m.keys.Back, "cancel")},
		[]string{hint(m.keys.Quit, ""), hint(m.keys.Forget, "forget"), hint(m.keys.Help, "")})
}
