package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/parley-im/parley/xmppclient"
)

func manyContacts(n int) []xmppclient.Contact {
	shows := []xmppclient.Show{xmppclient.ShowOnline, xmppclient.ShowAway, xmppclient.ShowDND, xmppclient.ShowXA, xmppclient.ShowOffline, xmppclient.ShowOffline}
	cs := make([]xmppclient.Contact, n)
	for i := range cs {
		cs[i] = xmppclient.Contact{
			JID:  fmt.Sprintf("user%05d@example.org", i),
			Name: fmt.Sprintf("User %05d", (i*7919)%n),
			Show: shows[i%len(shows)], StatusText: "status", Subscription: "both",
		}
	}
	return cs
}

func TestHugeRosterRendersOnlyVisibleRows(t *testing.T) {
	m, _, s := loggedIn(t, 80, 24, manyContacts(10000)...)
	v := m.View().Content
	if n := strings.Count(v, "\n") + 1; n != 24 {
		t.Fatalf("view has %d lines, want 24", n)
	}
	rows := m.contacts.listRows(m.common(), 23)
	// Each row drawn shows its contact's name.
	if got := strings.Count(v, "User "); got != rows || rows > 20 {
		t.Fatalf("%d contact rows in the view, the window has %d", got, rows)
	}
	// Last-seen queries are only made for the visible offline rows.
	n := 0
	for _, c := range s.calls {
		if strings.HasPrefix(c, "last ") {
			n++
		}
	}
	if n > rows {
		t.Fatalf("%d last-seen queries for %d visible rows", n, rows)
	}
	// Paging to the end works and still draws one window.
	press(t, m, "G")
	if got := strings.Count(m.View().Content, "User "); got != rows || m.contacts.cursor != 9999 {
		t.Fatalf("after G: cursor %d, %d rows drawn", m.contacts.cursor, got)
	}
}

// TestRosterIncrementalOrder checks that moving single contacts keeps the
// list exactly as a full sort would order it.
func TestRosterIncrementalOrder(t *testing.T) {
	r := newRoster()
	r.set(manyContacts(500))
	rng := rand.New(rand.NewPCG(1, 2))
	shows := []xmppclient.Show{xmppclient.ShowOnline, xmppclient.ShowAway, xmppclient.ShowDND, xmppclient.ShowXA, xmppclient.ShowOffline}
	for i := 0; i < 3000; i++ {
		jid := fmt.Sprintf("user%05d@example.org", rng.IntN(600))
		switch rng.IntN(5) {
		case 0:
			r.remove(jid)
		case 1:
			r.upsert(xmppclient.Contact{JID: jid, Name: fmt.Sprintf("N%d", rng.IntN(50))})
		case 2:
			r.setNick(jid, fmt.Sprintf("nick %d", rng.IntN(50)))
		default:
			r.presence(xmppclient.PresenceEvent{From: jid, Resource: fmt.Sprint(rng.IntN(3)), Show: shows[rng.IntN(len(shows))]})
		}
	}
	online := 0
	for _, e := range r.byJID {
		if e.show != xmppclient.ShowOffline {
			online++
		}
	}
	if online != r.avail {
		t.Fatalf("available count %d, want %d", r.avail, online)
	}
	got := slices.Clone(r.list())
	if len(got) != r.len() {
		t.Fatalf("list has %d entries, roster %d", len(got), r.len())
	}
	want := slices.Clone(got)
	slices.SortFunc(want, cmpEntry)
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("entry %d is %s, a full sort puts %s there", i, got[i].jid, want[i].jid)
		}
	}
	r.setFilter("nick 1")
	for _, e := range r.list() {
		if !strings.Contains(e.key, "nick 1") {
			t.Fatalf("filter let %q through", e.name)
		}
	}
}

// The session publishes each contact's presence aggregated over its
// resources (Resource names the best one); the roster takes it as is.
func TestRosterFollowsAggregatedPresence(t *testing.T) {
	r := newRoster()
	r.set([]xmppclient.Contact{{JID: "bob@x", Show: xmppclient.ShowOffline}})
	// pc comes online, then phone away: the aggregate stays online (pc).
	r.presence(xmppclient.PresenceEvent{From: "bob@x", Resource: "pc", Show: xmppclient.ShowOnline})
	r.presence(xmppclient.PresenceEvent{From: "bob@x", Resource: "pc", Show: xmppclient.ShowOnline})
	e, _ := r.get("bob@x")
	if e.show != xmppclient.ShowOnline || r.avail != 1 || r.away != 0 {
		t.Fatalf("show = %s, available %d, away %d", e.show, r.avail, r.away)
	}
	// pc leaves: the aggregate is phone's away.
	off, _ := r.presence(xmppclient.PresenceEvent{From: "bob@x", Resource: "phone", Show: xmppclient.ShowAway})
	if off || e.show != xmppclient.ShowAway || r.avail != 1 || r.away != 1 {
		t.Fatalf("after pc left: show %s, offline %v, available %d, away %d", e.show, off, r.avail, r.away)
	}
	// The last resource leaves.
	off, _ = r.presence(xmppclient.PresenceEvent{From: "bob@x", Show: xmppclient.ShowOffline})
	if !off || e.show != xmppclient.ShowOffline || r.avail != 0 || r.away != 0 {
		t.Fatalf("after the last resource left: show %s, offline %v", e.show, off)
	}
}

// BenchmarkContactsView measures the contacts screen with 1,000 and 10,000
// contacts: building it (log-in with the roster snapshot, first frame),
// one frame, one key press (scroll a line) and one presence change, each
// with its frame.
func BenchmarkContactsView(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		contacts := manyContacts(n)
		b.Run(fmt.Sprintf("build/%d", n), func(b *testing.B) {
			for b.Loop() {
				m, _, _ := loggedIn(b, 120, 40, contacts...)
				_ = m.View()
			}
		})
		m, _, _ := loggedIn(b, 120, 40, contacts...)
		b.Run(fmt.Sprintf("view/%d", n), func(b *testing.B) {
			for b.Loop() {
				_ = m.View()
			}
		})
		down := keyMsgs("j")[0]
		up := keyMsgs("k")[0]
		b.Run(fmt.Sprintf("key/%d", n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				msg := down
				if i%200 >= 100 {
					msg = up
				}
				i++
				m.update(msg)
				_ = m.View()
			}
		})
		b.Run(fmt.Sprintf("presence/%d", n), func(b *testing.B) {
			i := 0
			shows := []xmppclient.Show{xmppclient.ShowOnline, xmppclient.ShowOffline}
			for b.Loop() {
				i++
				m.state.roster.presence(xmppclient.PresenceEvent{From: fmt.Sprintf("user%05d@example.org", i%n), Show: shows[i%2]})
				_ = m.View()
			}
		})
	}
}
