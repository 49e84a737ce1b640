package ui

import (
	"time"

	"github.com/parley-im/parley/xmppclient"
)

// maxChatLines bounds the history kept per contact in memory; older
// messages stay in the local history and come back when scrolled to.
const maxChatLines = 2000

// chatLine is one message; from is the sender's bare JID, "" for us.
type chatLine struct {
	seq    int
	at     time.Time
	from   string
	body   string
	failed string // why sending failed
	// id is the message's stanza id (ours: the one it was sent with);
	// stanzaID the archive's id; localID the history's. Any of them
	// tells the same message seen twice.
	id, stanzaID, localID string
	state                 xmppclient.Delivery // of our own messages
}

// chatLog is the session's history with one contact. It lives in the store,
// so messages for a chat that is not open are kept.
type chatLog struct {
	lines []chatLine
	next  int
	// loaded: the local history's newest page was merged in; oldest is
	// the local id to page back from ("" when nothing older is known).
	loaded bool
	oldest string
	// start: the history and the server's archive have nothing older
	// than the oldest line (scrolling up asks for nothing more).
	start  bool
	typing bool // the contact is composing
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

// insertArchived adds a message the archive brought after the lines
// that came before it: a gap filled after a reconnect goes above the live
// messages that came meanwhile. Stamps within archiveSlack of each other
// keep the order of arrival (the server stamps to the second).
func (c *chatLog) insertArchived(l chatLine) {
	c.add(l)
	i := len(c.lines) - 1
	for i > 0 && c.lines[i-1].at.Sub(l.at) > archiveSlack {
		c.lines[i] = c.lines[i-1]
		i--
	}
	if i != len(c.lines)-1 {
		l.seq = c.next
		c.lines[i] = l
	}
}

const archiveSlack = 2 * time.Second

// has reports whether a line with any of l's ids is there already.
func (c *chatLog) has(l chatLine) bool {
	for _, have := range c.lines {
		if same(have.id, l.id) || same(have.stanzaID, l.stanzaID) || same(have.localID, l.localID) {
			return true
		}
	}
	return false
}

func same(a, b string) bool { return a != "" && a == b }

// merge adds stored messages that are not there yet, in the history's
// order, before the lines there are: a page merged is older than what
// came since the chat was loaded (the newest page at opening, an older
// one when scrolled back). The lines are not sorted by their times: the
// server stamps the messages it kept to the second, offline copies up to
// a second after the archive's, and the order of arrival is the one
// every copy agrees on.
func (c *chatLog) merge(lines []chatLine) {
	// One pass over the lines there are, not one per line merged: a page
	// of history merges into up to maxChatLines.
	seen := make(map[string]bool, 3*len(c.lines))
	for _, l := range c.lines {
		for _, id := range []string{"i" + l.id, "s" + l.stanzaID, "l" + l.localID} {
			if len(id) > 1 {
				seen[id] = true
			}
		}
	}
	var older []chatLine
	for _, l := range lines {
		if (l.id != "" && seen["i"+l.id]) || (l.stanzaID != "" && seen["s"+l.stanzaID]) || (l.localID != "" && seen["l"+l.localID]) {
			continue
		}
		c.next++
		l.seq = c.next
		older = append(older, l)
	}
	c.lines = append(older, c.lines...)
	if len(c.lines) > maxChatLines {
		c.lines = append(c.lines[:0:0], c.lines[len(c.lines)-maxChatLines:]...)
	}
}

// deliveryRank orders the states a message moves through; a receipt
// that comes before the send's own result must not be undone by it.
var deliveryRank = map[xmppclient.Delivery]int{
	xmppclient.DeliveryPending: 0, xmppclient.DeliverySent: 1, xmppclient.DeliveryAcked: 2,
	xmppclient.DeliveryDelivered: 3, xmppclient.DeliveryFailed: 4,
}

// setState moves our message id on to state (never back); why is the
// reason of a failure.
func (c *chatLog) setState(id string, state xmppclient.Delivery, why string) {
	for i := len(c.lines) - 1; i >= 0; i-- {
		l := &c.lines[i]
		if l.from != "" || l.id != id {
			continue
		}
		if deliveryRank[state] >= deliveryRank[l.state] {
			l.state = state
			if state == xmppclient.DeliveryFailed {
				l.failed = why
			}
		}
		return
	}
}
