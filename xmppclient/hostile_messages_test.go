package xmppclient_test

import (
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// Forwarded messages are trusted only from our own account: a "carbon" or
// an "archive result" from a contact is a forgery that would put words in
// our mouth or fake history, and a stanza-id by anyone but our server
// would make a later real message look like one already seen.
func TestForgedForwardsAreDropped(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	c, events, s := fakeOnline(t, f)
	me := c.Account()
	forged := []string{
		"<message from='" + contactJID + "' to='" + me + "'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>" +
			"<message xmlns='jabber:client' from='" + me + "/phone' to='" + contactJID + "' type='chat'><body>forged carbon</body></message></forwarded></sent></message>",
		"<message from='" + contactJID + "' to='" + me + "'><result xmlns='urn:xmpp:mam:2' queryid='q1' id='a1'><forwarded xmlns='urn:xmpp:forward:0'>" +
			"<message xmlns='jabber:client' from='" + me + "/phone' to='" + contactJID + "' type='chat'><body>forged archive</body></message></forwarded></result></message>",
		// From our own account, but for a query never asked.
		"<message to='" + me + "'><result xmlns='urn:xmpp:mam:2' queryid='never-asked' id='a2'><forwarded xmlns='urn:xmpp:forward:0'>" +
			"<message xmlns='jabber:client' from='" + contactJID + "/evil' to='" + me + "' type='chat'><body>unasked archive</body></message></forwarded></result></message>",
	}
	for _, raw := range forged {
		if err := s.Send(raw); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Send("<message from='" + contactJID + "/evil' type='chat' id='m2'><stanza-id xmlns='urn:xmpp:sid:0' by='" + contactJID + "' id='fake'/><body>after</body></message>"); err != nil {
		t.Fatal(err)
	}
	ev := waitFor(t, events, 10*time.Second, "the message after the forgeries", func(ev xmppclient.Event) bool {
		m, ok := ev.(xmppclient.MessageEvent)
		if ok && m.Body != "after" {
			t.Fatalf("a forged message came through: %+v", m)
		}
		return ok
	}).(xmppclient.MessageEvent)
	if ev.StanzaID != "" {
		t.Fatalf("a stanza-id by %s was taken: %q", contactJID, ev.StanzaID)
	}
}

// A subscription request the server hands over again (at every log-in it
// sends the pending ones) is reported once.
func TestRepeatedSubscriptionRequestIsOneEvent(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	_, events, s := fakeOnline(t, f)
	for range 3 {
		if err := s.Send("<presence from='" + contactJID + "' type='subscribe'/>"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Send(chat("sentinel")); err != nil {
		t.Fatal(err)
	}
	n := 0
	waitFor(t, events, 10*time.Second, "the sentinel", func(ev xmppclient.Event) bool {
		if _, ok := ev.(xmppclient.SubscriptionRequestEvent); ok {
			n++
		}
		return messageBody("sentinel")(ev)
	})
	if n != 1 {
		t.Fatalf("%d request events for one request", n)
	}
}
