package xmppclient_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// A reconnect without stream resumption reports what changed over the
// break, not the whole roster again. a (behind a proxy) has an online
// friend b, an offline friend c and a pending request from d. A break
// with nothing changed costs no roster, request or presence event; a
// break during which b went away costs exactly that one presence event.
func TestReconnectReportsChangesOnly(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		ctx := testenv.Context(t, 2*time.Minute)
		p := testenv.NewProxy(t, srv.Addr)
		a, aEv := proxied(t, srv, p)
		b, bEv := online(t, srv)
		befriend(t, a, aEv, b, bEv)
		c, cEv := online(t, srv)
		befriend(t, a, aEv, c, cEv)
		if err := c.Logout(ctx); err != nil {
			t.Fatal(err)
		}
		waitFor(t, aEv, 10*time.Second, "c offline", presenceFrom(c.Account(), xmppclient.ShowOffline))
		d, _ := online(t, srv)
		if err := d.AddContact(ctx, a.Account(), ""); err != nil {
			t.Fatal(err)
		}
		waitFor(t, aEv, 10*time.Second, "d's request", func(ev xmppclient.Event) bool {
			sr, ok := ev.(xmppclient.SubscriptionRequestEvent)
			return ok && sr.From == d.Account()
		})

		evs := breakAndReconnect(t, p, a, aEv, func() {})
		if n := tally(evs); n != (eventTally{}) {
			t.Fatalf("a reconnect with nothing changed reported %+v:\n%s", n, describe(evs))
		}

		evs = breakAndReconnect(t, p, a, aEv, func() {
			if err := b.SetPresence(ctx, xmppclient.ShowAway, "away over the break"); err != nil {
				t.Fatal(err)
			}
			selfMessage(t, b, bEv) // the server has b's presence
		})
		n := tally(evs)
		if n.roster != 0 || n.requests != 0 || n.presence != 1 {
			t.Fatalf("a reconnect after b went away reported %+v, want one presence event:\n%s", n, describe(evs))
		}
		for _, ev := range evs {
			if pe, ok := ev.(xmppclient.PresenceEvent); ok && (pe.From != b.Account() || pe.Show != xmppclient.ShowAway || pe.StatusText != "away over the break") {
				t.Fatalf("the one presence event is %+v, want b away", pe)
			}
		}
		if ct, ok := a.Contact(b.Account()); !ok || ct.Show != xmppclient.ShowAway {
			t.Fatalf("a's roster has b as %+v", ct)
		}

		// b drops a during the break: a's roster item for b loses its
		// subscription, and b is offline to a from then on. The server
		// applies the change to a's roster on its own time, so it may
		// come as the fetched roster or as pushes after the log-in (one
		// per step, each a real change), and b's offline as the server's
		// or inferred; but only b is reported, and nothing of the rest.
		evs = breakAndReconnect(t, p, a, aEv, func() {
			if err := b.RemoveContact(ctx, a.Account()); err != nil {
				t.Fatal(err)
			}
			selfMessage(t, b, bEv)
		})
		testenv.Eventually(t, 10*time.Second, "b without the mutual subscription, offline, at a", func() bool {
			ct, ok := a.Contact(b.Account())
			return ok && ct.Subscription != "both" && ct.Show == xmppclient.ShowOffline
		})
		evs = append(evs, drain(aEv)...)
		if n := tally(evs); n.roster < 1 || n.roster > 2 || n.presence != 1 || n.requests != 0 {
			t.Fatalf("a reconnect after b dropped a reported %+v, want b's roster change and b's offline:\n%s", n, describe(evs))
		}
		for _, ev := range evs {
			switch ev := ev.(type) {
			case xmppclient.RosterEvent:
				if ev.Contact.JID != b.Account() || ev.Contact.Subscription == "both" {
					t.Fatalf("a roster event is %+v, want b without the mutual subscription", ev)
				}
			case xmppclient.PresenceEvent:
				if ev.From != b.Account() || ev.Show != xmppclient.ShowOffline {
					t.Fatalf("the presence event is %+v, want b offline", ev)
				}
			}
		}
	})
}

// breakAndReconnect freezes a's connection until a notices, runs change
// while a is away, makes resumption fail and lets a log in again. It
// returns a's events from the break until the server answered a request
// sent once a no longer waits for contacts to be heard from.
func breakAndReconnect(t *testing.T, p *testenv.Proxy, a *xmppclient.Client, aEv <-chan xmppclient.Event, change func()) []xmppclient.Event {
	t.Helper()
	drain(aEv)
	p.Silence()
	var evs []xmppclient.Event
	collect := func(what string, match func(xmppclient.Event) bool) xmppclient.Event {
		t.Helper()
		deadline := time.After(30 * time.Second)
		for {
			select {
			case ev := <-aEv:
				evs = append(evs, ev)
				if match(ev) {
					return ev
				}
			case <-deadline:
				t.Fatalf("no %s; got:\n%s", what, describe(evs))
			}
		}
	}
	collect("DISCONNECTED", isStatus(xmppclient.StatusDisconnected))
	change()
	xmppclient.SpoilResumption(a)
	p.Forward()
	if ce := collect("CONNECTED", isStatus(xmppclient.StatusConnected)).(xmppclient.ConnectionEvent); ce.Resumed {
		t.Fatal("the stream was resumed; the test needs a new one")
	}
	testenv.Eventually(t, 10*time.Second, "the contacts heard from after the reconnect", func() bool { return !xmppclient.Resyncing(a) })
	// A round trip: what the server sent before its answer has been
	// handled (and reported) by then.
	a.IsProfileUpdated(testenv.Context(t, 10*time.Second))
	return append(evs, drain(aEv)...)
}

type eventTally struct{ roster, requests, presence int }

func tally(evs []xmppclient.Event) eventTally {
	var n eventTally
	for _, ev := range evs {
		switch ev.(type) {
		case xmppclient.RosterEvent:
			n.roster++
		case xmppclient.SubscriptionRequestEvent:
			n.requests++
		case xmppclient.PresenceEvent:
			n.presence++
		}
	}
	return n
}

func describe(evs []xmppclient.Event) string {
	s := ""
	for _, ev := range evs {
		s += fmt.Sprintf("  %T %+v\n", ev, ev)
	}
	return s
}

// A new session that breaks within its reconnect's window and is then
// resumed goes on waiting in that window: b, online before the break and
// gone over it, is reported offline once the grace has passed, and the
// client stops waiting. (In CI a new session broke 8 ms after CONNECTED,
// the next one was resumed, and the window stayed open for good.)
func TestResumedStreamEndsTheWindowOfTheSessionBefore(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		p := testenv.NewProxy(t, srv.Addr)
		a, aEv := proxied(t, srv, p)
		b, bEv := online(t, srv)
		befriend(t, a, aEv, b, bEv)
		drain(aEv)
		p.Silence()
		waitFor(t, aEv, 30*time.Second, "DISCONNECTED", isStatus(xmppclient.StatusDisconnected))
		if err := b.Logout(testenv.Context(t, 10*time.Second)); err != nil {
			t.Fatal(err)
		}
		xmppclient.SpoilResumption(a)
		p.Forward()
		ce := waitFor(t, aEv, 30*time.Second, "CONNECTED", isStatus(xmppclient.StatusConnected)).(xmppclient.ConnectionEvent)
		if ce.Resumed {
			t.Fatal("the stream was resumed; the test needs a new one")
		}
		p.Cut() // within the window: b is not heard from, it left
		ce = waitFor(t, aEv, 30*time.Second, "CONNECTED again", isStatus(xmppclient.StatusConnected)).(xmppclient.ConnectionEvent)
		if !ce.Resumed {
			t.Fatal("the stream after the cut was not resumed; the test needs it resumed")
		}
		waitFor(t, aEv, 30*time.Second, "b offline", presenceFrom(b.Account(), xmppclient.ShowOffline))
		testenv.Eventually(t, 10*time.Second, "a no longer waits for contacts", func() bool { return !xmppclient.Resyncing(a) })
	})
}
