package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/xmppclient"
)

func TestAvailabilityCommands(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	send(t, m, xmppclient.ConnectionEvent{Status: xmppclient.StatusConnected})
	press(t, m, "/", "away back at three", "enter")
	if !s.called("presence away back at three") {
		t.Fatalf("/away did not set the presence: %v", s.calls)
	}
	mustShow(t, m, "◐ away — back at three", "You are now away.")
	press(t, m, "/", "dnd", "enter")
	if !s.called("presence dnd ") {
		t.Fatalf("/dnd did not set the presence: %v", s.calls)
	}
	mustShow(t, m, "⊘ busy")
	mustNotShow(t, m, "back at three")
	press(t, m, "/", "xa", "enter")
	mustShow(t, m, "◌ gone")
	press(t, m, "/", "online", "enter")
	if !s.called("presence online ") {
		t.Fatalf("/online did not set the presence: %v", s.calls)
	}
	mustShow(t, m, "● online")
	mustNotShow(t, m, "◌ gone")
}

func TestAvailabilityCommandsCompleteAndAreDocumented(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 60, sampleContacts()...)
	for _, c := range []struct{ typed, want string }{{"aw", "/away "}, {"dn", "/dnd "}, {"x", "/xa "}, {"onl", "/online "}} {
		press(t, m, "/", c.typed, "tab")
		if got := m.cmdline.input.Value(); got != c.want {
			t.Fatalf("/%s completed to %q, want %q", c.typed, got, c.want)
		}
		press(t, m, "esc")
	}
	help := strings.Join(m.helpLines(80), "\n")
	for _, c := range []string{"/away [TEXT]", "/dnd [TEXT]", "/xa [TEXT]", "/online [TEXT]"} {
		if !strings.Contains(help, c) {
			t.Fatalf("help lacks %s", c)
		}
	}
}

func TestWelcomeForgetsSavedAccount(t *testing.T) {
	b := &fakeBackend{accounts: []Account{{JID: "alice@example.org", HasSecret: true}, {JID: "bob@example.org", HasSecret: true}}, stored: true}
	m := newTestModel(t, b, 100, 24)
	drain(t, m, m.Init())
	mustShow(t, m, "x forget")
	if !strings.Contains(strings.Join(m.helpLines(80), "\n"), "forget saved account") {
		t.Fatal("help does not list the forget key")
	}
	press(t, m, "down", "x")
	mustShow(t, m, "Forget bob@example.org?")
	press(t, m, "n")
	if len(b.forgot) != 0 {
		t.Fatalf("forgot %v after no", b.forgot)
	}
	press(t, m, "x", "y")
	if len(b.forgot) != 1 || b.forgot[0] != "bob@example.org" {
		t.Fatalf("forgot %v, want bob", b.forgot)
	}
	mustShow(t, m, "alice@example.org", "Forgot bob@example.org")
	mustNotShow(t, m, "  bob@example.org  ", "▸  bob@example.org")
	if len(m.welcome.accounts) != 1 {
		t.Fatalf("accounts after forgetting: %+v", m.welcome.accounts)
	}
	// Not on an account line: x does nothing.
	press(t, m, "down", "x")
	if m.welcome.cursor < len(m.welcome.accounts) {
		t.Fatalf("cursor %d is on an account", m.welcome.cursor)
	}
	if m.confirm != nil {
		t.Fatal("x asked to forget a menu item")
	}
}

func TestDefaultServerPrefillsForms(t *testing.T) {
	m := NewModel(t.Context(), Options{Backend: &fakeBackend{}, DefaultServer: "xmpp.example.net:5222", Width: 80, Height: 24})
	drain(t, m, m.Init())
	press(t, m, "down", "enter") // log in
	if got := m.login.form.get("server").value(); got != "xmpp.example.net:5222" {
		t.Fatalf("log-in server = %q", got)
	}
	press(t, m, "esc", "up", "enter") // create an account
	if m.screen != screenRegister {
		t.Fatalf("no registration form:\n%s", screenText(m))
	}
	if got := m.register.form.get("server").value(); got != "xmpp.example.net:5222" {
		t.Fatalf("register server = %q", got)
	}
	if m.register.dirty() {
		t.Fatal("a prefilled form counts as typed in")
	}
}

// collect runs cmd without feeding its messages back: the test decides
// when they arrive.
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil, tickMsg:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, collect(c)...)
		}
		return out
	default:
		if _, spin := msg.(interface{ Tick() }); spin {
			return nil
		}
		return []tea.Msg{msg}
	}
}

// A presence that arrives after the roster snapshot was read but before
// the log-in result is applied is not lost (it showed an away friend as
// offline in the chat header).
func TestPresenceDuringLogInIsKept(t *testing.T) {
	s := newFakeSession("alice@example.org")
	s.contacts = []xmppclient.Contact{
		{JID: "bob@example.org", Name: "Bob", Show: xmppclient.ShowOffline, Subscription: "both"},
		{JID: "zoe@example.org", Name: "Zoe", Show: xmppclient.ShowXA, Subscription: "both"},
	}
	b := &fakeBackend{accounts: []Account{{JID: "alice@example.org", HasSecret: true}}, stored: true, session: s}
	m := newTestModel(t, b, 100, 30)
	drain(t, m, m.Init())
	msgs := collect(m.update(tea.KeyPressMsg(tea.Key{Code: tea.KeyEnter})))
	// The snapshot has been read (bob offline); bob's presence comes next.
	send(t, m, xmppclient.PresenceEvent{From: "bob@example.org", Resource: "phone", Show: xmppclient.ShowAway})
	for _, msg := range msgs {
		send(t, m, msg)
	}
	if m.screen != screenContacts {
		t.Fatalf("not logged in:\n%s", screenText(m))
	}
	mustShow(t, m, "◐ away", "2 available of 2")
	drain(t, m, m.openChat("bob@example.org"))
	if m.screen != screenChat || m.chat.jid != "bob@example.org" {
		t.Fatalf("no chat with bob: %v %q", m.screen, m.chat.jid)
	}
	mustShow(t, m, "◐ away")
	mustNotShow(t, m, "offline")
}

// Away, busy and gone contacts are available: the header counts them.
func TestContactsHeaderCountsAvailable(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, sampleContacts()...)
	send(t, m, xmppclient.PresenceEvent{From: "zoe@example.org", Resource: "pc", Show: xmppclient.ShowXA})
	mustShow(t, m, "3 available of 4")
	mustNotShow(t, m, "online ·")
	send(t, m, xmppclient.PresenceEvent{From: "zoe@example.org", Show: xmppclient.ShowOffline})
	mustShow(t, m, "2 available of 4")
}
