package xmppclient_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// ackedPair is a client behind a proxy, befriended with a second one,
// whose first message the server has acknowledged (stream management is
// on) and the contact has received.
func ackedPair(t *testing.T, srv *testenv.Server) (*testenv.Proxy, *xmppclient.Client, <-chan xmppclient.Event, *xmppclient.Client, <-chan xmppclient.Event) {
	t.Helper()
	p := testenv.NewProxy(t, srv.Addr)
	a, aEv := proxied(t, srv, p)
	b, bEv := online(t, srv)
	befriend(t, a, aEv, b, bEv)
	id, err := a.SendChat(testenv.Context(t, 30*time.Second), b.Account(), "acked first", "")
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, aEv, 10*time.Second, "the server's ack", stateOf(id, xmppclient.DeliveryAcked))
	waitFor(t, bEv, 10*time.Second, "the first message", messageWith("acked first"))
	return p, a, aEv, b, bEv
}

// A frozen connection is resumed (XEP-0198): what the contact sent
// meanwhile arrives once each, in order; what we wrote into the dead
// connection reaches the contact once each; a message is acked by the
// server before and after.
func TestStreamResumption(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		p, a, aEv, b, bEv := ackedPair(t, srv)
		ctx := testenv.Context(t, 2*time.Minute)

		p.Silence()
		var in, out []string
		for i := range 5 {
			body := fmt.Sprintf("to the frozen %d", i)
			if err := b.SendMessage(ctx, a.Account(), body); err != nil {
				t.Fatal(err)
			}
			in = append(in, body)
		}
		for i := range 3 {
			body := fmt.Sprintf("from the frozen %d", i)
			if _, err := a.SendChat(ctx, b.Account(), body, ""); err != nil {
				t.Fatal(err)
			}
			out = append(out, body)
		}
		waitFor(t, aEv, 15*time.Second, "the freeze noticed", isStatus(xmppclient.StatusDisconnected))
		p.Forward()
		// The resent messages may come before CONNECTED does (the stream
		// runs while the log-in finishes): read both in one pass.
		var got []string
		resumed := false
		deadline := time.After(30 * time.Second)
		for !resumed || len(got) < len(in) {
			select {
			case ev := <-aEv:
				switch ev := ev.(type) {
				case xmppclient.ConnectionEvent:
					if ev.Status == xmppclient.StatusConnected {
						if !ev.Resumed {
							t.Fatalf("a fresh session instead of a resumed one: %+v", ev)
						}
						resumed = true
					}
				case xmppclient.MessageEvent:
					got = append(got, ev.Body)
				}
			case <-deadline:
				t.Fatalf("after 30 s: resumed %v, messages %q", resumed, got)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(in) {
			t.Fatalf("after resumption got %q", got)
		}
		// The server sends no presence again after a resumption: what was
		// known before the freeze is put back.
		if ct, _ := a.Contact(b.Account()); ct.Show != xmppclient.ShowOnline {
			t.Fatalf("after resumption the contact is %q", ct.Show)
		}
		collect := func(events <-chan xmppclient.Event, n int, what string) []string {
			var got []string
			for len(got) < n {
				m := waitFor(t, events, 20*time.Second, fmt.Sprintf("%s %d", what, len(got)), func(ev xmppclient.Event) bool {
					_, ok := ev.(xmppclient.MessageEvent)
					return ok
				}).(xmppclient.MessageEvent)
				got = append(got, m.Body)
			}
			return got
		}
		if got := collect(bEv, len(out), "message from the frozen side"); fmt.Sprint(got) != fmt.Sprint(out) {
			t.Fatalf("the contact got %q", got)
		}
		// One more round: nothing twice, and the session still works.
		if err := b.SendMessage(ctx, a.Account(), "after"); err != nil {
			t.Fatal(err)
		}
		if got := collect(aEv, 1, "the message after"); got[0] != "after" {
			t.Fatalf("after the resumed messages came %q", got[0])
		}
	})
}

// When resumption fails (the server no longer knows the stream), a fresh
// session starts and the chat messages the server never acknowledged are
// sent again, once each.
func TestFailedResumptionResendsUnackedMessages(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		p, a, aEv, b, bEv := ackedPair(t, srv)
		ctx := testenv.Context(t, 2*time.Minute)

		p.Silence()
		var out []string
		for i := range 3 {
			body := fmt.Sprintf("unacked %d", i)
			if _, err := a.SendChat(ctx, b.Account(), body, ""); err != nil {
				t.Fatal(err)
			}
			out = append(out, body)
		}
		waitFor(t, aEv, 15*time.Second, "the freeze noticed", isStatus(xmppclient.StatusDisconnected))
		xmppclient.SpoilResumption(a)
		p.Forward()
		ev := waitFor(t, aEv, 30*time.Second, "CONNECTED again", isStatus(xmppclient.StatusConnected)).(xmppclient.ConnectionEvent)
		if ev.Resumed {
			t.Fatal("resumed a stream the server could not know")
		}
		var got []string
		for len(got) < len(out) {
			m := waitFor(t, bEv, 20*time.Second, fmt.Sprintf("resent message %d", len(got)), func(ev xmppclient.Event) bool {
				_, ok := ev.(xmppclient.MessageEvent)
				return ok
			}).(xmppclient.MessageEvent)
			got = append(got, m.Body)
		}
		if fmt.Sprint(got) != fmt.Sprint(out) {
			t.Fatalf("the contact got %q", got)
		}
		if err := a.SendMessage(ctx, b.Account(), "fresh"); err != nil {
			t.Fatal(err)
		}
		if m := waitFor(t, bEv, 10*time.Second, "the next message", func(ev xmppclient.Event) bool {
			_, ok := ev.(xmppclient.MessageEvent)
			return ok
		}).(xmppclient.MessageEvent); m.Body != "fresh" {
			t.Fatalf("after the resent messages came %q (one twice?)", m.Body)
		}
	})
}
