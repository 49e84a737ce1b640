package ui

import (
	"strings"
	"testing"

	"github.com/parley-im/parley/xmppclient"
)

func TestPresenceUnknownWhileReconnecting(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	mustShow(t, m, "2 available of 4")
	before := len(s.calls)
	m.update(xmppclient.ConnectionEvent{Status: xmppclient.StatusDisconnected, Reason: "stream closed"})
	m.update(xmppclient.ConnectionEvent{Status: xmppclient.StatusReconnecting})
	row := lineWith(t, m, "Bob")
	if !strings.Contains(row, "? unknown") || strings.Contains(row, "online") || strings.Contains(row, "at lunch") {
		t.Fatalf("Bob's row keeps its old presence: %q", row)
	}
	mustShow(t, m, "0 available of 4 · 4 unknown")
	send(t, m, xmppclient.ConnectionEvent{Status: xmppclient.StatusConnecting})
	// The server says again, even before the client reports CONNECTED:
	// Bob online with a new status. At CONNECTED the client has reported
	// every change it knows of; the rest are as they were.
	send(t, m, xmppclient.PresenceEvent{From: "bob@example.org", Show: xmppclient.ShowOnline, StatusText: "back"})
	send(t, m, xmppclient.ConnectionEvent{Status: xmppclient.StatusConnected})
	mustShow(t, m, "Connected again.", "2 available of 4")
	mustNotShow(t, m, "unknown")
	// Carol, available before, never said so again: the client reports
	// her offline, inferred.
	send(t, m, xmppclient.PresenceEvent{From: "carol@example.org", Show: xmppclient.ShowOffline, Unheard: true})
	if row := lineWith(t, m, "Bob"); !strings.Contains(row, "● online") || !strings.Contains(row, "back") {
		t.Fatalf("Bob is not online again: %q", row)
	}
	if row := lineWith(t, m, "Carol"); !strings.Contains(row, "○ offline") {
		t.Fatalf("Carol is not offline: %q", row)
	}
	mustShow(t, m, "1 available of 4")
	// No last-seen question came from the outage: Carol's offline state
	// was inferred, and when she went is not known.
	for _, c := range s.calls[before:] {
		if strings.HasPrefix(c, "last ") {
			t.Fatalf("asked %q because of the reconnection", c)
		}
	}
	mustNotShow(t, m, "just now")
	// Later, a contact going offline is asked about again.
	send(t, m, xmppclient.PresenceEvent{From: "bob@example.org", Show: xmppclient.ShowOffline})
	if !s.called("last bob@example.org") {
		t.Fatal("a contact who went offline while connected was not asked about")
	}
}

// A contact whose presence one does not receive (no subscription to it)
// was never known: it does not turn unknown while reconnecting.
func TestUnsubscribedContactNotStale(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, xmppclient.Contact{JID: "fan@example.org", Name: "Fan", Subscription: "from"},
		xmppclient.Contact{JID: "bob@example.org", Name: "Bob", Show: xmppclient.ShowOnline, Subscription: "both"})
	m.update(xmppclient.ConnectionEvent{Status: xmppclient.StatusReconnecting})
	if row := lineWith(t, m, "Fan"); strings.Contains(row, "unknown") {
		t.Fatalf("an unsubscribed contact turned unknown: %q", row)
	}
	if row := lineWith(t, m, "Bob"); !strings.Contains(row, "? unknown") {
		t.Fatalf("a subscribed contact kept its presence: %q", row)
	}
}

// After a server restart the server answers the log-in's probe for a
// contact who was online with an explicit offline, after CONNECTED, and
// the client marks it: that first news says he is gone, not when (the
// restarted server would say "just now"), so no last-seen question goes
// out for it. A later offline is asked about.
func TestFirstOfflineNewsAfterReconnectAsksNothing(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30,
		xmppclient.Contact{JID: "bob@example.org", Name: "Bob", Show: xmppclient.ShowOnline, Subscription: "both"})
	m.update(xmppclient.ConnectionEvent{Status: xmppclient.StatusDisconnected, Reason: "stream closed"})
	m.update(xmppclient.ConnectionEvent{Status: xmppclient.StatusReconnecting})
	send(t, m, xmppclient.ConnectionEvent{Status: xmppclient.StatusConnected})
	before := len(s.calls)
	send(t, m, xmppclient.PresenceEvent{From: "bob@example.org", Show: xmppclient.ShowOffline, AfterBreak: true})
	for _, c := range s.calls[before:] {
		if c == "last bob@example.org" {
			t.Fatal("the probe's answer after the reconnection was asked about")
		}
	}
	mustNotShow(t, m, "just now")
	send(t, m, xmppclient.PresenceEvent{From: "bob@example.org", Show: xmppclient.ShowOnline})
	send(t, m, xmppclient.PresenceEvent{From: "bob@example.org", Show: xmppclient.ShowOffline})
	if !s.called("last bob@example.org") {
		t.Fatal("a later offline was not asked about")
	}
}
