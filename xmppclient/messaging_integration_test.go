package xmppclient_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

func messageWith(body string) func(xmppclient.Event) bool {
	return func(ev xmppclient.Event) bool {
		m, ok := ev.(xmppclient.MessageEvent)
		return ok && m.Body == body
	}
}

func stateOf(id string, state xmppclient.Delivery) func(xmppclient.Event) bool {
	return func(ev xmppclient.Event) bool {
		s, ok := ev.(xmppclient.MessageStateEvent)
		return ok && s.ID == id && s.State == state
	}
}

// A message carries its id as origin-id and asks for a receipt; the
// contact's Parley answers it, which turns the message delivered; the
// server's stanza-id comes with it. A chat state reaches the contact.
func TestReceiptsOriginIDAndChatStates(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		a, aEv, b, bEv := friends(t, srv)
		ctx := testenv.Context(t, 30*time.Second)
		id, err := a.SendChat(ctx, b.Account(), "with a receipt", "")
		if err != nil {
			t.Fatal(err)
		}
		got := waitFor(t, bEv, 10*time.Second, "the message", messageWith("with a receipt")).(xmppclient.MessageEvent)
		if got.ID != id || got.OriginID != id || !got.ReceiptRequested || got.StanzaID == "" || got.Outgoing || got.Peer() != a.Account() {
			t.Fatalf("received %+v, sent id %s", got, id)
		}
		waitFor(t, aEv, 10*time.Second, "the receipt", stateOf(id, xmppclient.DeliveryDelivered))

		if err := a.SendChatState(ctx, b.Account(), xmppclient.ChatComposing); err != nil {
			t.Fatal(err)
		}
		waitFor(t, bEv, 10*time.Second, "composing", func(ev xmppclient.Event) bool {
			cs, ok := ev.(xmppclient.ChatStateEvent)
			return ok && cs.From == a.Account() && cs.State == xmppclient.ChatComposing
		})
	})
}

// A message to an account that does not exist comes back as failed, with
// the server's stanza error; it is never only "sent".
func TestBounceIsReportedAsFailed(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		a, aEv := online(t, srv)
		ctx := testenv.Context(t, 30*time.Second)
		nobody := uniqueName(t, "nobody") + "@" + srv.Domain
		id, err := a.SendChat(ctx, nobody, "into the void", "")
		if err != nil {
			t.Fatal(err)
		}
		ev := waitFor(t, aEv, 10*time.Second, "the bounce", stateOf(id, xmppclient.DeliveryFailed)).(xmppclient.MessageStateEvent)
		var se stanza.Error
		if !errors.As(ev.Err, &se) || se.Condition == "" || ev.Peer != nobody {
			t.Fatalf("bounce %+v (%v)", ev, ev.Err)
		}
	})
}

// A message sent from another resource of the account reaches this one
// as a carbon marked outgoing; a message from a contact reaches both.
func TestCarbonsFromAnotherResource(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		aJID, aPW := testenv.Account(t, srv)
		a, aEv := connectAs(t, srv, aJID, aPW)
		b, bEv := online(t, srv)
		befriend(t, a, aEv, b, bEv)
		a2, a2Ev := connectAs(t, srv, aJID, aPW)
		ctx := testenv.Context(t, 30*time.Second)
		if _, err := a.SendChat(ctx, b.Account(), "from the first resource", ""); err != nil {
			t.Fatal(err)
		}
		got := waitFor(t, a2Ev, 10*time.Second, "the sent carbon", messageWith("from the first resource")).(xmppclient.MessageEvent)
		if !got.Outgoing || got.To != b.Account() || got.Peer() != b.Account() {
			t.Fatalf("carbon %+v", got)
		}
		if err := b.SendMessage(ctx, a.Account(), "to the account"); err != nil {
			t.Fatal(err)
		}
		for _, ch := range []<-chan xmppclient.Event{aEv, a2Ev} {
			m := waitFor(t, ch, 10*time.Second, "the message on each resource", messageWith("to the account")).(xmppclient.MessageEvent)
			if m.Outgoing || m.From != b.Account() {
				t.Fatalf("incoming %+v", m)
			}
		}
		_ = a2.Logout(context.Background())
	})
}

// The archive holds the messages of a chat: the newest page, in order,
// with the stanza-ids seen live, and the page after an id.
func TestArchivePages(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		a, _, b, bEv := friends(t, srv)
		ctx := testenv.Context(t, 30*time.Second)
		var live []xmppclient.MessageEvent
		for i := range 3 {
			body := fmt.Sprintf("archived %d", i)
			if err := a.SendMessage(ctx, b.Account(), body); err != nil {
				t.Fatal(err)
			}
			live = append(live, waitFor(t, bEv, 10*time.Second, body, messageWith(body)).(xmppclient.MessageEvent))
		}
		page, err := b.FetchArchive(ctx, xmppclient.ArchiveQuery{With: a.Account(), Latest: true, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Messages) != 3 {
			t.Fatalf("archive page has %d messages: %+v", len(page.Messages), page.Messages)
		}
		for i, m := range page.Messages {
			if m.Body != live[i].Body || m.StanzaID != live[i].StanzaID || !m.Archived || m.From != a.Account() || m.Time.IsZero() {
				t.Fatalf("archived %d is %+v, live %+v", i, m, live[i])
			}
		}
		after, err := b.FetchArchive(ctx, xmppclient.ArchiveQuery{With: a.Account(), After: live[0].StanzaID})
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Messages) != 2 || after.Messages[0].Body != "archived 1" || !after.Complete {
			t.Fatalf("page after the first: %+v", after)
		}
		// The sender's own archive has them as outgoing.
		mine, err := a.FetchArchive(ctx, xmppclient.ArchiveQuery{With: b.Account(), Latest: true})
		if err != nil || len(mine.Messages) != 3 || !mine.Messages[0].Outgoing || mine.Messages[0].Peer() != b.Account() {
			t.Fatalf("sender's archive: %+v (%v)", mine, err)
		}
	})
}
