package xmppclient_test

import (
	"context"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// With DropStrangers, a message from a JID that is not on the roster
// never becomes an event, neither live nor as a carbon of another
// resource, and no typing notice of it either; a contact's messages and
// the account's own still arrive. Without it the stranger's message
// arrives, for the front end to show as a message request.
func TestDropStrangers(t *testing.T) {
	const friend, stranger = "friend@localhost", "stranger@localhost"
	for _, drop := range []bool{true, false} {
		name := map[bool]string{true: "drop", false: "requests"}[drop]
		t.Run(name, func(t *testing.T) {
			f := testenv.NewFakeServer(t, testenv.FakeOptions{})
			cfg := fakeConfig(f)
			cfg.AvatarCacheDir, cfg.DropStrangers = t.TempDir(), drop
			c := xmppclient.New(cfg)
			events, _ := c.Subscribe()
			if err := c.Connect(testenv.Context(t, 20*time.Second)); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = c.Logout(context.Background()) })
			s := f.NextSession(t, 5*time.Second)
			own := "user@" + f.Domain
			_ = s.Send("<iq type='set' id='push1'><query xmlns='jabber:iq:roster'><item jid='" + friend + "' subscription='both'/></query></iq>")
			waitFor(t, events, 10*time.Second, "the friend on the roster", func(ev xmppclient.Event) bool {
				r, ok := ev.(xmppclient.RosterEvent)
				return ok && r.Contact.JID == friend
			})
			_ = s.Send("<message from='" + stranger + "/x' type='chat' id='s1'><body>stranger live</body><composing xmlns='http://jabber.org/protocol/chatstates'/></message>")
			_ = s.Send("<message from='" + own + "' type='chat'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>" +
				"<message from='" + stranger + "/y' to='" + own + "/other' type='chat' id='s2'><body>stranger carbon</body></message></forwarded></received></message>")
			_ = s.Send("<message from='" + own + "' type='chat'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>" +
				"<message from='" + own + "/other' to='" + stranger + "' type='chat' id='o1'><body>mine to the stranger</body></message></forwarded></sent></message>")
			_ = s.Send("<message from='" + friend + "/r' type='chat' id='f1'><body>friend</body></message>")
			seen := map[string]bool{}
			waitFor(t, events, 10*time.Second, "the friend's message", func(ev xmppclient.Event) bool {
				switch ev := ev.(type) {
				case xmppclient.MessageEvent:
					seen[ev.Body] = true
				case xmppclient.ChatStateEvent:
					seen["typing "+ev.From] = true
				}
				return seen["friend"]
			})
			if !seen["mine to the stranger"] {
				t.Error("a message this account sent (from another resource) to a stranger was dropped")
			}
			for _, what := range []string{"stranger live", "stranger carbon", "typing " + stranger} {
				if seen[what] == drop {
					t.Errorf("DropStrangers %v, yet %q was seen: %v", drop, what, seen[what])
				}
			}
		})
	}
}
