package ui

import (
	"fmt"
	"testing"

	"github.com/parley-im/parley/xmppclient"
)

// Events queued in the stream reach the model as one coalesced run, and
// every one of them is applied, in order: each contact ends at its last
// presence, and each chat holds its messages in the order they came.
func TestCoalescedEventsAllAppliedInOrder(t *testing.T) {
	const contacts, rounds = 12, 25
	m, _, _ := loggedIn(t, 100, 30, manyContacts(contacts)...)
	shows := []xmppclient.Show{xmppclient.ShowOnline, xmppclient.ShowAway, xmppclient.ShowDND, xmppclient.ShowXA}
	stream := make(chan xmppclient.Event, contacts*rounds*2)
	var evs []xmppclient.Event
	for r := range rounds {
		for c := range contacts {
			jid := fmt.Sprintf("user%05d@example.org", c)
			evs = append(evs,
				xmppclient.PresenceEvent{From: jid, Resource: "r", Show: shows[(r+c)%len(shows)], StatusText: fmt.Sprintf("round %d", r)},
				xmppclient.MessageEvent{From: jid + "/r", Body: fmt.Sprintf("message %d", r)})
		}
	}
	for _, ev := range evs[1:] {
		stream <- ev
	}
	msg := coalesce(evs[0], stream)
	run, ok := msg.(eventsMsg)
	if !ok || len(run) != len(evs) {
		t.Fatalf("coalesce gave %T of %d events, want one run of %d", msg, len(run), len(evs))
	}
	send(t, m, msg)
	for c := range contacts {
		jid := fmt.Sprintf("user%05d@example.org", c)
		e, ok := m.state.roster.get(jid)
		if want := shows[(rounds-1+c)%len(shows)]; !ok || e.show != want || e.status != fmt.Sprintf("round %d", rounds-1) {
			t.Fatalf("%s ends at %q %q, want its last event %q %q", jid, e.show, e.status, want, fmt.Sprintf("round %d", rounds-1))
		}
		lines := m.state.chat(jid).lines
		if len(lines) != rounds {
			t.Fatalf("%s: %d messages applied, want %d", jid, len(lines), rounds)
		}
		for r, l := range lines {
			if l.body != fmt.Sprintf("message %d", r) {
				t.Fatalf("%s: line %d is %q, out of order", jid, r, l.body)
			}
		}
	}
}

// Every key press marks the session active, so that the idle time answered
// to a last-activity query is real; before a log in there is no session.
func TestKeyPressMarksActive(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30)
	before := s.activeMarks()
	press(t, m, "j", "k", "?")
	if got := s.activeMarks() - before; got != 3 {
		t.Fatalf("%d MarkActive calls for 3 key presses", got)
	}
}
