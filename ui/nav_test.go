package ui

import (
	"testing"
)

// A screen changes nothing outside itself: the chat's Enter asks the root
// to send, and only the root records the line.
func TestScreenAsksTheRoot(t *testing.T) {
	m, _ := openBobChat(t, 80, 24)
	press(t, m, "hi")
	c := m.common()
	m.chat.update(c, keyMsgs("enter")[0])
	if n := len(m.state.chat("bob@example.org").lines); n != 0 {
		t.Fatalf("the chat screen recorded %d lines itself", n)
	}
	if len(c.asked) != 1 {
		t.Fatalf("asked %#v", c.asked)
	}
	if r, ok := c.asked[0].(sendChatMsg); !ok || r.to != "bob@example.org" || r.body != "hi" {
		t.Fatalf("asked %#v", c.asked[0])
	}
	if m.screen != screenChat {
		t.Fatalf("screen %v", m.screen)
	}
}

// The root applies what a screen asks in the same Update, in order: two
// messages sent by quick key presses are recorded in the order typed, and
// a screen change is there before the next key (whose Cmds nothing runs
// here).
func TestRequestsApplyInTheSameUpdate(t *testing.T) {
	m, _ := openBobChat(t, 80, 24)
	for _, k := range []string{"o", "n", "e", "enter", "t", "w", "o", "enter"} {
		m.update(keyMsgs(k)[0])
	}
	lines := m.state.chat("bob@example.org").lines
	if len(lines) != 2 || lines[0].body != "one" || lines[1].body != "two" {
		t.Fatalf("recorded %+v", lines)
	}
	m.update(keyMsgs("esc")[0])
	if m.screen != screenContacts {
		t.Fatalf("Esc left screen %v", m.screen)
	}
	m.update(keyMsgs("p")[0])
	if m.screen != screenProfile || m.view.jid != "bob@example.org" {
		t.Fatalf("p opened screen %v of %q", m.screen, m.view.jid)
	}
}
