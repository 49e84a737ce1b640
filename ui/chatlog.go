package ui

import "time"

// maxChatLines bounds the history kept per contact for the session.
const maxChatLines = 2000

// chatLine is one message; from is the sender's bare JID, "" for us.
type chatLine struct {
	seq    int
	at     time.Time
	from   string
	body   string
	failed string // why sending failed
}

// chatLog is the session's history with one contact. It lives in the store,
// so messages for a chat that is not open are kept.
type chatLog struct {
	lines []chatLine
	next  int
}

func (c *chatLog) add(l chatLine) int {
	c.next++
	l.seq = c.next
	if l.at.IsZero() {
		l.at = time.Now()
	}
	c.lines = append(c.lines, l)
	if len(c.lines) > maxChatLines {
		c.lines = append(c.lines[:0:0], c.lines[len(c.lines)-maxChatLines:]...)
	}
	return l.seq
}

func (c *chatLog) markFailed(seq int, why string) {
	for i := len(c.lines) - 1; i >= 0; i-- {
		if c.lines[i].seq == seq {
			c.lines[i].failed = why
			return
		}
	}
}
