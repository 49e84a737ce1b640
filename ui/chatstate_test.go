package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/xmppclient"
)

// A sent line shows where the message is: ◌ pending, ✓ sent, ✓✓ when a
// receipt came (and a late "sent" does not undo it), ✗ with the server's
// reason when it bounced; never "sent" for a bounce.
func TestChatLineDeliveryStates(t *testing.T) {
	m, _, _ := loggedIn(t, 80, 24, xmppclient.Contact{JID: "bob@example.org", Subscription: "both"})
	drain(t, m, m.openChat("bob@example.org"))
	cmd := m.sendTo("bob@example.org", "hello bob")
	log := m.state.chat("bob@example.org")
	line := log.lines[len(log.lines)-1]
	if line.state != xmppclient.DeliveryPending || line.id == "" || !strings.Contains(screenText(m), "hello bob ◌") {
		t.Fatalf("before sending: %+v\n%s", line, screenText(m))
	}
	m.state.Apply(xmppclient.MessageStateEvent{ID: line.id, Peer: "bob@example.org", State: xmppclient.DeliveryDelivered})
	drain(t, m, cmd) // the send's own result comes after the receipt
	if got := log.lines[len(log.lines)-1].state; got != xmppclient.DeliveryDelivered || !strings.Contains(screenText(m), "hello bob ✓✓") {
		t.Fatalf("after receipt and send: %s\n%s", got, screenText(m))
	}

	cmd = m.sendTo("bob@example.org", "into the void")
	id := log.lines[len(log.lines)-1].id
	drain(t, m, cmd)
	bounce := errors.New("message to bob@example.org bounced: " + stanza.Error{Condition: stanza.ServiceUnavailable}.Error())
	m.state.Apply(xmppclient.MessageStateEvent{ID: id, Peer: "bob@example.org", State: xmppclient.DeliveryFailed, Err: bounce})
	if got := log.lines[len(log.lines)-1]; got.state != xmppclient.DeliveryFailed || !strings.Contains(screenText(m), "✗ not sent") {
		t.Fatalf("after the bounce: %+v\n%s", got, screenText(m))
	}
}

// A message seen live, then again from the archive or the local history,
// is one line; a message we sent from another resource is ours; typing
// shows in the chat's head until the contact's message comes.
func TestChatMessagesOnceAndTyping(t *testing.T) {
	m, _, _ := loggedIn(t, 80, 24, xmppclient.Contact{JID: "bob@example.org", Subscription: "both"})
	drain(t, m, m.openChat("bob@example.org"))
	m.state.Apply(xmppclient.ChatStateEvent{From: "bob@example.org", State: xmppclient.ChatComposing})
	if !strings.Contains(screenText(m), "typing…") {
		t.Fatalf("no typing mark:\n%s", screenText(m))
	}
	live := xmppclient.MessageEvent{From: "bob@example.org", To: "alice@example.org", ID: "m1", StanzaID: "s1", Body: "hi alice", Time: testNow}
	m.state.Apply(live)
	archived := live
	archived.Archived = true
	m.state.Apply(archived)
	m.state.Apply(xmppclient.MessageEvent{From: "alice@example.org", To: "bob@example.org", ID: "m2", Body: "from my phone", Outgoing: true, Time: testNow.Add(time.Second)})
	m.state.addHistory("bob@example.org", []app.StoredMessage{
		{ID: "7", Peer: "bob@example.org", From: "bob@example.org", Body: "hi alice", StanzaID: "s1", MessageID: "m1", Direction: "in", Time: testNow},
		{ID: "3", Peer: "bob@example.org", From: "bob@example.org", Body: "older", Direction: "in", Time: testNow.Add(-time.Hour)},
	}, false)
	lines := m.state.chat("bob@example.org").lines
	var bodies []string
	for _, l := range lines {
		bodies = append(bodies, l.body)
	}
	if strings.Join(bodies, "|") != "older|hi alice|from my phone" || lines[2].from != "" {
		t.Fatalf("lines %q, last from %q", bodies, lines[2].from)
	}
	text := screenText(m)
	if strings.Contains(text, "typing…") || !strings.Contains(text, "me from my phone") {
		t.Fatalf("after the message:\n%s", text)
	}
}
