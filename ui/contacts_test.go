package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/xmppclient"
)

func sampleContacts() []xmppclient.Contact {
	return []xmppclient.Contact{
		{JID: "zoe@example.org", Name: "Zoe", Show: xmppclient.ShowOffline, Subscription: "both"},
		{JID: "bob@example.org", Name: "Bob", Show: xmppclient.ShowOnline, StatusText: "at lunch", Subscription: "both"},
		{JID: "carol@example.org", Name: "Carol", Show: xmppclient.ShowDND, Subscription: "both"},
		{JID: "amy@example.org", Name: "Amy", Show: xmppclient.ShowOffline, Subscription: "both"},
	}
}

// rowOrder returns the contact names in the order the list shows them.
func rowOrder(m *Model, names ...string) []string {
	s := screenText(m)
	var out []string
	idx := map[string]int{}
	for _, n := range names {
		idx[n] = strings.Index(s, " "+n+" ")
	}
	for len(out) < len(names) {
		best := ""
		for _, n := range names {
			if idx[n] >= 0 && (best == "" || idx[n] < idx[best]) {
				best = n
			}
		}
		if best == "" {
			break
		}
		out = append(out, best)
		idx[best] = -1
	}
	return out
}

func TestContactsOnlineFirstWithTextLabels(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	s.lastSeen["amy@example.org"] = xmppclient.LastActivity{Seconds: 300}
	send(t, m, xmppclient.ConnectionEvent{Status: xmppclient.StatusConnected})
	press(t, m, "r") // refresh last seen
	got := strings.Join(rowOrder(m, "Amy", "Bob", "Carol", "Zoe"), ",")
	if got != "Bob,Carol,Amy,Zoe" {
		t.Fatalf("order = %s, want online, busy, then offline by name", got)
	}
	mustShow(t, m, "● online", "⊘ busy", "○ offline", "at lunch", "last seen 5 min ago", "2 available of 4",
		"Alice", "writing code") // own card
}

func TestContactsLastSeenAsksWhenContactGoesOffline(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	s.lastSeen["bob@example.org"] = xmppclient.LastActivity{Seconds: 0}
	send(t, m, xmppclient.PresenceEvent{From: "bob@example.org", Resource: "phone", Show: xmppclient.ShowOffline})
	if !s.called("last bob@example.org") {
		t.Fatal("no last-activity query when bob went offline")
	}
	mustShow(t, m, "last seen just now")
	// The age keeps counting from the answer.
	m.now = func() time.Time { return testNow.Add(3 * time.Hour) }
	mustShow(t, m, "last seen 3 h ago")
}

func TestContactsSubscriptionRequestAcceptRefuse(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	send(t, m, xmppclient.SubscriptionRequestEvent{From: "eve@example.org"})
	send(t, m, xmppclient.SubscriptionRequestEvent{From: "mallory@example.org"})
	mustShow(t, m, "y accept · n refuse  eve@example.org asks to see your presence (+1 more)")
	press(t, m, "y")
	if !s.called("accept eve@example.org") {
		t.Fatal("y did not accept")
	}
	mustShow(t, m, "mallory@example.org asks")
	press(t, m, "n")
	if !s.called("refuse mallory@example.org") {
		t.Fatal("n did not refuse")
	}
	mustNotShow(t, m, "asks to see your presence")
}

func TestContactsAddAndRemoveWithConfirmation(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	press(t, m, "a")
	mustShow(t, m, "Add a contact")
	press(t, m, "not-a-jid", "enter")
	mustShow(t, m, "A JID looks like")
	press(t, m, "ctrl+u", "dave@example.org", "enter")
	if !s.called("add dave@example.org") {
		t.Fatal("contact not added")
	}
	mustShow(t, m, "Added dave@example.org")

	// Cursor is on Bob (first row): d asks, n keeps, d y removes.
	press(t, m, "d")
	mustShow(t, m, "Remove Bob (bob@example.org) from your contacts?")
	press(t, m, "n")
	if s.called("remove") {
		t.Fatal("removed without a yes")
	}
	press(t, m, "d", "y")
	if !s.called("remove bob@example.org") {
		t.Fatal("y did not remove")
	}
	send(t, m, xmppclient.RosterEvent{Contact: xmppclient.Contact{JID: "bob@example.org"}, Removed: true})
	mustNotShow(t, m, "Bob")
}

func TestContactsFilterByTyping(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, sampleContacts()...)
	press(t, m, "f", "ca")
	mustShow(t, m, "Carol", "(1 shown)")
	mustNotShow(t, m, "Bob", "Zoe")
	press(t, m, "enter")
	if m.contacts.filtering {
		t.Fatal("enter did not leave the filter line")
	}
	press(t, m, "esc")
	mustShow(t, m, "Bob", "Zoe", "Carol")
	// "q" typed into the filter is text, not quit.
	press(t, m, "f", "q")
	if m.contacts.filter.Value() != "q" {
		t.Fatalf("filter = %q", m.contacts.filter.Value())
	}
}

func TestContactsNavigationAndUnread(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	send(t, m, xmppclient.MessageEvent{From: "zoe@example.org/tab", Body: "hi there"})
	send(t, m, xmppclient.MessageEvent{From: "zoe@example.org/tab", Body: "are you around?"})
	if m.state.unread["zoe@example.org"] != 2 {
		t.Fatalf("unread = %v", m.state.unread)
	}
	row := lineWith(t, m, "Zoe")
	if !strings.HasSuffix(strings.TrimRight(row, " "), " 2") {
		t.Fatalf("no unread count on Zoe's row: %q", row)
	}
	press(t, m, "G", "enter") // last row: Zoe
	if m.screen != screenChat || m.chat.jid != "zoe@example.org" {
		t.Fatalf("screen %v chat %q", m.screen, m.chat.jid)
	}
	mustShow(t, m, "hi there", "are you around?")
	if m.state.unread["zoe@example.org"] != 0 {
		t.Fatal("opening the chat did not clear the unread count")
	}
	press(t, m, "on my way", "enter")
	if !s.called("send zoe@example.org on my way") {
		t.Fatalf("not sent: %v", s.calls)
	}
	mustShow(t, m, "me on my way")
	// A message for another contact while this chat is open is kept.
	send(t, m, xmppclient.MessageEvent{From: "bob@example.org", Body: "psst"})
	mustNotShow(t, m, "psst")
	press(t, m, "esc")
	if m.screen != screenContacts || m.state.unread["bob@example.org"] != 1 {
		t.Fatalf("screen %v unread %v", m.screen, m.state.unread)
	}
	press(t, m, "g", "enter")
	mustShow(t, m, "psst")
}

func TestContactsCursorFollowsContactAcrossResort(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, sampleContacts()...)
	press(t, m, "j", "j") // Bob, Carol, Amy
	if e, _ := m.contacts.selected(m.common()); e.jid != "amy@example.org" {
		t.Fatalf("selected %s", e.jid)
	}
	send(t, m, xmppclient.PresenceEvent{From: "amy@example.org", Show: xmppclient.ShowOnline})
	if e, _ := m.contacts.selected(m.common()); e.jid != "amy@example.org" {
		t.Fatalf("after Amy came online the cursor is on %s", e.jid)
	}
	if !strings.HasPrefix(strings.TrimSpace(lineWith(t, m, "Amy")), "▸") {
		t.Fatal("cursor mark not on Amy's row")
	}
}

// lineWith returns the first screen line containing s.
func lineWith(t *testing.T, m *Model, s string) string {
	t.Helper()
	for _, l := range strings.Split(screenText(m), "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	t.Fatalf("no line with %q:\n%s", s, screenText(m))
	return ""
}

// A contact with unread messages is marked before its name, where a
// glance down the list finds it, and the header counts them.
func TestUnreadMarkBeforeName(t *testing.T) {
	m, _, _ := loggedIn(t, 80, 24, sampleContacts()...)
	send(t, m, xmppclient.MessageEvent{From: "zoe@example.org", Body: "hi"})
	send(t, m, xmppclient.MessageEvent{From: "zoe@example.org", Body: "there?"})
	row := lineWith(t, m, "Zoe")
	if !strings.Contains(row, unreadMark+"Zoe") {
		t.Fatalf("no unread mark before the name: %q", row)
	}
	if other := lineWith(t, m, "Carol"); strings.Contains(other, unreadMark) {
		t.Fatalf("a row without unread messages is marked: %q", other)
	}
	mustShow(t, m, unreadMark+"2 unread")
	if got := width(row); got > 80 {
		t.Fatalf("the marked row is %d cells wide", got)
	}
	press(t, m, "G", "enter", "esc")
	mustNotShow(t, m, unreadMark)
}
