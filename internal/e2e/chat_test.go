package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// TestMultiLineMessagesBothWays chats with a foreign client (an xmppclient
// session): a message typed over two lines (Ctrl+J breaks the line)
// arrives with its line break, and one sent with a line break shows on two
// lines, not joined.
func TestMultiLineMessagesBothWays(t *testing.T) {
	w := newWorld(t)
	tm := w.startUI()
	a, _ := registerUI(t, tm, unique(t, "ml"))
	b := w.connect(w.newAccount())
	befriend(t, tm, b, a.jid)

	tm.Keys("Enter") // b is the only contact: its chat opens
	tm.WaitFor(`No messages yet in this session`, step)
	tm.Type("first line")
	tm.Keys("C-j")
	tm.Type("second line")
	tm.WaitFor(`(?m)^ › first line\s*\n\s+second line`, step)
	tm.Keys("Enter")
	got := waitMessage(t, b, a.jid)
	if got != "first line\nsecond line" {
		t.Fatalf("the foreign client got %q", got)
	}

	if err := b.c.SendMessage(testenv.Context(t, 30*time.Second), a.jid, "roses are red\nviolets are blue"); err != nil {
		t.Fatalf("send: %v", err)
	}
	screen := tm.WaitFor(`(?m)roses are red\s*\n\s+violets are blue`, step)
	if strings.Contains(screen, "red violets") {
		t.Fatalf("the lines were joined:\n%s", screen)
	}
}

// waitMessage returns the body of the next message from `from` in p's
// event stream.
func waitMessage(t *testing.T, p *peer, from string) string {
	t.Helper()
	deadline := time.After(step)
	for {
		select {
		case ev := <-p.events:
			if m, ok := ev.(xmppclient.MessageEvent); ok && m.From == from {
				return m.Body
			}
		case <-deadline:
			t.Fatalf("no message from %s within %v", from, step)
		}
	}
}

// TestUnreadMarkerOnContactList: a message from a contact while the contact
// list is on screen marks the contact's row before the name and counts it
// in the header; opening the chat clears both.
func TestUnreadMarkerOnContactList(t *testing.T) {
	w := newWorld(t)
	tm := w.startUI()
	a, _ := registerUI(t, tm, unique(t, "ur"))
	b := w.connect(w.newAccount())
	befriend(t, tm, b, a.jid)
	if err := b.c.SendMessage(testenv.Context(t, 30*time.Second), a.jid, "ping"); err != nil {
		t.Fatalf("send: %v", err)
	}
	tm.WaitFor(`◆ 1 unread(?s:.*)● online\s+◆ `+q(b.jid)+`\s+1\b`, step)
	tm.Keys("Enter")
	tm.WaitFor(`ping`, step)
	tm.Keys("Escape")
	waitScreen(t, tm, step, "the contact list without the mark", func(s string) bool {
		return strings.Contains(s, b.jid) && strings.Contains(s, "Contacts") && !strings.Contains(s, "◆")
	})
}

// TestStalePresenceDuringServerRestart stops and restarts the server under
// a UI with an online contact: while the connection is down the contact's
// presence shows as unknown, not as the old "online"; once the server has
// told it again it is known again, and no "last seen just now" appears.
func TestStalePresenceDuringServerRestart(t *testing.T) {
	w := newWorld(t)
	tm := w.startUI()
	a, _ := registerUI(t, tm, unique(t, "sp"))
	b := w.connect(w.newAccount())
	befriend(t, tm, b, a.jid)

	if err := w.srv.Stop(); err != nil {
		t.Fatalf("stop the server: %v", err)
	}
	screen := tm.WaitFor(`(?s)0 available of 1 · 1 unknown.*\? unknown\s+`+q(b.jid)+`.*RECONNECTING`, step)
	if strings.Contains(screen, "● online  "+b.jid) {
		t.Fatalf("the contact still shows online:\n%s", screen)
	}
	if err := w.srv.Start(testenv.Context(t, testenv.StartTimeout)); err != nil {
		t.Fatalf("start the server again: %v", err)
	}
	screen = waitScreen(t, tm, 60*time.Second, "the contact's presence known again", func(s string) bool {
		return strings.Contains(s, "● CONNECTED") && !strings.Contains(s, "unknown") && strings.Contains(s, b.jid)
	})
	if strings.Contains(screen, "just now") {
		t.Fatalf("a last-seen figure from the restart:\n%s", screen)
	}
}
