package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/parley-im/parley/xmppclient"
)

// A flood from strangers (1,000 senders × 50 messages) stays within the
// bounds: the newest 200 senders, 20 messages each; the contact list says
// how many requests there are.
func TestStrangerFloodIsBounded(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, xmppclient.Contact{JID: "bob@example.org", Subscription: "both"})
	for s := range 1000 {
		for i := range 50 {
			m.handleEvent(xmppclient.MessageEvent{From: fmt.Sprintf("stranger%04d@example.org", s), Body: fmt.Sprintf("spam %d", i), Time: testNow})
		}
	}
	if n := len(m.state.strangers); n != maxRequestSenders || m.state.strangers[0] != "stranger0800@example.org" {
		t.Fatalf("%d strangers kept, oldest %s", n, m.state.strangers[0])
	}
	if len(m.state.chats) > maxRequestSenders+1 {
		t.Fatalf("%d chats kept", len(m.state.chats))
	}
	for _, j := range m.state.strangers {
		if n := len(m.state.chats[j].lines); n != maxRequestMessages {
			t.Fatalf("%s keeps %d messages", j, n)
		}
	}
	if !strings.Contains(screenText(m), "✉ 200 message requests") {
		t.Fatalf("no request line:\n%s", screenText(m))
	}
}

// m opens the oldest request; /ignore drops it; a message from a contact
// is no request, and adding the sender turns his request into a chat.
func TestMessageRequestOpenIgnoreAccept(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, xmppclient.Contact{JID: "bob@example.org", Subscription: "both"})
	m.handleEvent(xmppclient.MessageEvent{From: "bob@example.org", Body: "from a friend"})
	m.handleEvent(xmppclient.MessageEvent{From: "eve@example.org", Body: "hi, do you remember me?"})
	m.handleEvent(xmppclient.MessageEvent{From: "carol@example.org", Body: "hello"})
	if fmt.Sprint(m.state.strangers) != "[eve@example.org carol@example.org]" {
		t.Fatalf("strangers %v", m.state.strangers)
	}
	press(t, m, "m")
	if m.screen != screenChat || m.chat.jid != "eve@example.org" || !strings.Contains(screenText(m), "message request") {
		t.Fatalf("m opened %q:\n%s", m.chat.jid, screenText(m))
	}
	press(t, m, "/", "ignore", "enter")
	if len(m.state.strangers) != 1 || m.state.chats["eve@example.org"] != nil || m.screen == screenChat {
		t.Fatalf("after /ignore: %v, screen %v", m.state.strangers, m.screen)
	}
	m.handleEvent(xmppclient.RosterEvent{Contact: xmppclient.Contact{JID: "carol@example.org", Subscription: "none", Pending: true}})
	if len(m.state.strangers) != 0 || len(m.state.chats["carol@example.org"].lines) != 1 {
		t.Fatalf("after adding carol: %v", m.state.strangers)
	}
}
