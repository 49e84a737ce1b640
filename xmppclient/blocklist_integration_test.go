package xmppclient_test

import (
	"slices"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// A blocked contact's message, presence and profile update no longer
// reach the blocker; the blocklist names him; unblocking lets his
// presence and messages through again.
//
// Absence is shown with a sentinel: after the blocked contact's message,
// presence and profile update, he writes to a third account, which waits
// for it (so the server has routed his earlier stanzas) and then writes
// to the blocker. The blocker's events up to the third account's message
// must hold nothing from the blocked contact.
func TestBlockedContactIsSilenced(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		a, aEv, b, _ := friends(t, srv)
		c, cEv := online(t, srv)
		ctx := testenv.Context(t, 60*time.Second)

		if err := a.Block(ctx, b.Account()); err != nil {
			t.Fatalf("block: %v", err)
		}
		waitFor(t, aEv, 10*time.Second, "the block event", func(ev xmppclient.Event) bool {
			be, ok := ev.(xmppclient.BlocklistEvent)
			return ok && be.JID == b.Account() && be.Blocked
		})
		list, err := a.Blocked(ctx)
		if err != nil || !slices.Contains(list, b.Account()) {
			t.Fatalf("blocked list %v (%v), want %s in it", list, err, b.Account())
		}

		if err := b.SendMessage(ctx, a.Account(), "while blocked"); err != nil {
			t.Fatal(err)
		}
		if err := b.SetPresence(ctx, xmppclient.ShowDND, "blocked presence"); err != nil {
			t.Fatal(err)
		}
		if _, err := b.UpdateProfile(ctx, profile.Update{Nickname: "Hidden"}); err != nil {
			t.Fatal(err)
		}
		if err := b.SendMessage(ctx, c.Account(), "routed"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, cEv, 10*time.Second, "the blocked contact's message to the third", messageWith("routed"))
		if err := c.SendMessage(ctx, a.Account(), "sentinel"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, aEv, 10*time.Second, "the sentinel", func(ev xmppclient.Event) bool {
			switch e := ev.(type) {
			case xmppclient.MessageEvent:
				if e.From == b.Account() {
					t.Fatalf("a blocked contact's message got through: %+v", e)
				}
				return e.From == c.Account() && e.Body == "sentinel"
			case xmppclient.PresenceEvent:
				if e.From == b.Account() && e.Show != xmppclient.ShowOffline {
					t.Fatalf("a blocked contact's presence got through: %+v", e)
				}
			case xmppclient.ProfileEvent:
				if e.Profile.JID == b.Account() && e.Profile.Nickname == "Hidden" {
					t.Fatalf("a blocked contact's profile update got through: %+v", e.Profile)
				}
			}
			return false
		})

		if err := a.Unblock(ctx, b.Account()); err != nil {
			t.Fatalf("unblock: %v", err)
		}
		list, err = a.Blocked(ctx)
		if err != nil || slices.Contains(list, b.Account()) {
			t.Fatalf("blocked list after unblock %v (%v)", list, err)
		}
		if err := b.SetPresence(ctx, xmppclient.ShowAway, "unblocked presence"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, aEv, 10*time.Second, "the presence after unblocking", func(ev xmppclient.Event) bool {
			pe, ok := ev.(xmppclient.PresenceEvent)
			return ok && pe.From == b.Account() && pe.StatusText == "unblocked presence"
		})
		if err := b.SendMessage(ctx, a.Account(), "after unblock"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, aEv, 10*time.Second, "the message after unblocking", messageWith("after unblock"))
	})
}

// A block made on one resource reaches another resource of the account
// as the server's push, which the client answers and reports.
func TestBlocklistPushReachesOtherResource(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		aJID, aPW := testenv.Account(t, srv)
		a, _ := connectAs(t, srv, aJID, aPW)
		a2, a2Ev := connectAs(t, srv, aJID, aPW)
		b, _ := online(t, srv)
		ctx := testenv.Context(t, 30*time.Second)
		// Servers push only to resources that fetched the list.
		if _, err := a2.Blocked(ctx); err != nil {
			t.Fatal(err)
		}
		for _, block := range []bool{true, false} {
			var err error
			if block {
				err = a.Block(ctx, b.Account())
			} else {
				err = a.Unblock(ctx, b.Account())
			}
			if err != nil {
				t.Fatal(err)
			}
			waitFor(t, a2Ev, 10*time.Second, "the push on the other resource", func(ev xmppclient.Event) bool {
				be, ok := ev.(xmppclient.BlocklistEvent)
				return ok && be.JID == b.Account() && be.Blocked == block
			})
		}
		// The session still answers after the pushes.
		if _, err := a2.Blocked(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
