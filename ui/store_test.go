package ui

import (
	"testing"
	"time"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// The store is tested without Bubble Tea: events in, state out.

func newTestStore(contacts ...xmppclient.Contact) *store {
	return newStore("alice@example.org/parley", xmppclient.StatusConnected, contacts, func() time.Time { return testNow })
}

func TestStorePresenceAndOffline(t *testing.T) {
	s := newTestStore(xmppclient.Contact{JID: "bob@example.org", Show: xmppclient.ShowOnline})
	if s.account != "alice@example.org" {
		t.Fatalf("account %q, want the bare JID", s.account)
	}
	ch := s.Apply(xmppclient.PresenceEvent{From: "bob@example.org", Show: xmppclient.ShowAway, StatusText: "lunch"})
	if e, _ := s.roster.get("bob@example.org"); e.show != xmppclient.ShowAway || e.status != "lunch" || ch.wentOffline != "" {
		t.Fatalf("after away: show %q status %q change %+v", e.show, e.status, ch)
	}
	ch = s.Apply(xmppclient.PresenceEvent{From: "bob@example.org", Show: xmppclient.ShowOffline})
	if ch.wentOffline != "bob@example.org" {
		t.Fatalf("going offline: change %+v, want wentOffline", ch)
	}
	// Our own other resources are not a contact.
	if ch := s.Apply(xmppclient.PresenceEvent{From: "alice@example.org/phone", Show: xmppclient.ShowOffline}); ch != (change{}) {
		t.Fatalf("own resource: change %+v", ch)
	}
	// A stranger's presence changes nothing.
	if ch := s.Apply(xmppclient.PresenceEvent{From: "eve@example.org", Show: xmppclient.ShowOffline}); ch.wentOffline != "" || s.roster.len() != 1 {
		t.Fatalf("stranger: change %+v, %d contacts", ch, s.roster.len())
	}
}

func TestStoreRosterAndProfiles(t *testing.T) {
	s := newTestStore()
	s.Apply(xmppclient.ProfileEvent{Profile: profile.Profile{JID: "bob@example.org/laptop", Nickname: "Bobby"}})
	s.Apply(xmppclient.RosterEvent{Contact: xmppclient.Contact{JID: "bob@example.org", Name: "Bob"}})
	if got := s.displayName("bob@example.org"); got != "Bobby" {
		t.Fatalf("name %q, want the nickname known before the roster push", got)
	}
	if p, ok := s.profile("bob@example.org"); !ok || p.Nickname != "Bobby" {
		t.Fatalf("profile %+v %v", p, ok)
	}
	s.Apply(xmppclient.RosterEvent{Contact: xmppclient.Contact{JID: "bob@example.org"}, Removed: true})
	if s.roster.len() != 0 {
		t.Fatal("removed contact still listed")
	}
}

func TestStoreMessagesAndUnread(t *testing.T) {
	s := newTestStore()
	at := testNow.Add(-time.Minute)
	s.Apply(xmppclient.MessageEvent{From: "bob@example.org/phone", Body: "one", Time: at})
	s.Apply(xmppclient.MessageEvent{From: "bob@example.org", Body: "two"})
	lines := s.chat("bob@example.org").lines
	if len(lines) != 2 || lines[0].body != "one" || !lines[0].at.Equal(at) || lines[1].body != "two" || !lines[1].at.Equal(testNow) {
		t.Fatalf("chat lines %+v", lines)
	}
	if s.unreadCount("bob@example.org") != 2 {
		t.Fatalf("unread %d, want 2", s.unreadCount("bob@example.org"))
	}
	s.read("bob@example.org")
	s.Apply(xmppclient.MessageEvent{From: "bob@example.org", Body: "three"})
	if n := s.unreadCount("bob@example.org"); n != 0 {
		t.Fatalf("unread %d while the chat is on screen", n)
	}
	s.read("")
	s.Apply(xmppclient.MessageEvent{From: "bob@example.org", Body: "four"})
	if n := s.unreadCount("bob@example.org"); n != 1 {
		t.Fatalf("unread %d after leaving the chat, want 1", n)
	}
}

func TestStoreRequests(t *testing.T) {
	s := newTestStore()
	s.setRequests([]string{"carol@example.org"})
	if ch := s.Apply(xmppclient.SubscriptionRequestEvent{From: "carol@example.org"}); ch.request != "" {
		t.Fatalf("a repeated request is news: %+v", ch)
	}
	if ch := s.Apply(xmppclient.SubscriptionRequestEvent{From: "dave@example.org"}); ch.request != "dave@example.org" {
		t.Fatalf("new request: %+v", ch)
	}
	for _, want := range []string{"carol@example.org", "dave@example.org"} {
		if got, ok := s.takeRequest(); !ok || got != want {
			t.Fatalf("takeRequest = %q %v, want %q", got, ok, want)
		}
	}
	if _, ok := s.takeRequest(); ok {
		t.Fatal("takeRequest with none left")
	}
}

func TestStoreConnectionAndOwnShow(t *testing.T) {
	s := newTestStore()
	if s.ownShow() != xmppclient.ShowOnline {
		t.Fatalf("own show %q when connected", s.ownShow())
	}
	s.setOwnShow(xmppclient.ShowDND, "busy")
	if ch := s.Apply(xmppclient.ConnectionEvent{Status: xmppclient.StatusReconnecting}); !ch.connection || ch.reconnected {
		t.Fatalf("reconnecting: %+v", ch)
	}
	if s.ownShow() != xmppclient.ShowOffline {
		t.Fatalf("own show %q while the connection is down", s.ownShow())
	}
	if ch := s.Apply(xmppclient.ConnectionEvent{Status: xmppclient.StatusConnected}); !ch.reconnected {
		t.Fatalf("back: %+v, want reconnected", ch)
	}
	if s.ownShow() != xmppclient.ShowDND || s.myShowText != "busy" {
		t.Fatalf("own show %q %q after reconnecting", s.ownShow(), s.myShowText)
	}
}

func TestStoreLastSeenText(t *testing.T) {
	s := newTestStore(xmppclient.Contact{JID: "bob@example.org", Show: xmppclient.ShowOffline})
	if got := s.lastSeenText("bob@example.org", false); got != "" {
		t.Fatalf("unknown: %q", got)
	}
	s.setLastSeen("bob@example.org", 600, testNow.Add(-5*time.Minute), false)
	if got := s.lastSeenText("bob@example.org", false); got != "last seen 15 min ago" {
		t.Fatalf("known: %q", got)
	}
}
