package ui

import (
	"strings"
	"testing"

	"github.com/parley-im/parley/xmppclient"
)

// /away TEXT goes through the application layer (which keeps it for the
// account), and a later /nick leaves it alone: the header still shows
// TEXT and no second presence is sent.
func TestAwayThenNickKeepsThePresenceText(t *testing.T) {
	m, b, s := loggedIn(t, 100, 30, sampleContacts()...)
	send(t, m, xmppclient.ConnectionEvent{Status: xmppclient.StatusConnected})
	press(t, m, "/", "away testing presence text", "enter")
	if len(b.presences) != 1 || b.presences[0] != "away testing presence text" {
		t.Fatalf("the presence did not go through the application layer: %v", b.presences)
	}
	press(t, m, "/", "nick X", "enter")
	if !s.called("update X") {
		t.Fatalf("/nick did not save the profile: %v", s.calls)
	}
	mustShow(t, m, "◐ away — testing presence text")
	if len(b.presences) != 1 {
		t.Fatalf("the profile save set the presence again: %v", b.presences)
	}
	if show, text := s.OwnPresence(); show != xmppclient.ShowAway || text != "testing presence text" {
		t.Fatalf("the session announces %s %q", show, text)
	}
}

// A log-in that announces the account's kept presence shows it in the
// header from the start.
func TestHeaderShowsThePresenceTheLogInAnnounced(t *testing.T) {
	s := newFakeSession("alice@example.org")
	s.show, s.text = xmppclient.ShowDND, "in a meeting"
	b := &fakeBackend{accounts: []Account{{JID: "alice@example.org", HasSecret: true}}, stored: true, session: s}
	m := newTestModel(t, b, 100, 30)
	drain(t, m, m.Init())
	press(t, m, "enter")
	send(t, m, xmppclient.ConnectionEvent{Status: xmppclient.StatusConnected})
	mustShow(t, m, "⊘ busy — in a meeting")
}

// /idle off and on reach the session through the application layer;
// without an argument it says the setting.
func TestIdleCommand(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	press(t, m, "/", "idle off", "enter")
	if s.SharesIdle() {
		t.Fatal("/idle off left the idle time shared")
	}
	mustShow(t, m, "are now refused")
	press(t, m, "/", "idle", "enter")
	mustShow(t, m, "not shared")
	press(t, m, "/", "idle on", "enter")
	if !s.SharesIdle() {
		t.Fatal("/idle on did not share the idle time")
	}
	press(t, m, "/", "idle maybe", "enter")
	mustShow(t, m, "/idle takes on or off.")
	if !strings.Contains(strings.Join(m.helpLines(100), "\n"), "/idle [on|off]") {
		t.Fatal("the help lacks /idle")
	}
}

// b on the contact list blocks the selected contact and, once blocked,
// unblocks him; a blocked contact is marked in the list, from the
// blocklist read at log-in and from the session's events.
func TestBlockKeyAndMark(t *testing.T) {
	s := newFakeSession("alice@example.org")
	s.contacts = sampleContacts()
	s.blocked = []string{"carol@example.org"}
	b := &fakeBackend{accounts: []Account{{JID: "alice@example.org", HasSecret: true}}, stored: true, session: s}
	m := newTestModel(t, b, 120, 30)
	drain(t, m, m.Init())
	press(t, m, "enter")
	mustShow(t, m, blockedMark)
	if n := strings.Count(screenText(m), blockedMark); n != 1 {
		t.Fatalf("%d blocked marks, want carol's only:\n%s", n, screenText(m))
	}
	for range 4 {
		if e, ok := m.contacts.selected(m.common()); ok && e.jid == "bob@example.org" {
			break
		}
		press(t, m, "down")
	}
	press(t, m, "b")
	if !s.called("block bob@example.org") {
		t.Fatalf("b did not block bob: %v", s.calls)
	}
	send(t, m, xmppclient.BlocklistEvent{JID: "bob@example.org", Blocked: true})
	if n := strings.Count(screenText(m), blockedMark); n != 2 {
		t.Fatalf("%d blocked marks after blocking bob:\n%s", n, screenText(m))
	}
	press(t, m, "b")
	if !s.called("unblock bob@example.org") {
		t.Fatalf("b on a blocked contact did not unblock him: %v", s.calls)
	}
	send(t, m, xmppclient.BlocklistEvent{JID: "bob@example.org", Blocked: false})
	if n := strings.Count(screenText(m), blockedMark); n != 1 {
		t.Fatalf("%d blocked marks after unblocking bob:\n%s", n, screenText(m))
	}
	press(t, m, "/", "blocked", "enter")
	mustShow(t, m, "Blocked: carol@example.org.")
	if !strings.Contains(strings.Join(m.helpLines(100), "\n"), "block / unblock contact") {
		t.Fatal("the help lacks the block key")
	}
}
