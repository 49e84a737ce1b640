package ui

import "github.com/parley-im/parley/xmppclient"

// A contact's presence is stale from the moment the connection is lost
// until it is back: meanwhile the list shows it as unknown ("?", dimmed),
// counts it apart, shows no status or last-seen figure for it, and asks no
// last-seen question about it (after a server restart the server would
// answer "just now" for everyone). A presence event ends it sooner; at
// CONNECTED the client has reported every contact whose presence changed
// over the break (and only those), so the rest are as they were. The
// server's answers to the log-in's probes still come after CONNECTED: the
// client marks them (PresenceEvent.AfterBreak), and the store asks no
// last-seen question for such an offline either.

// trackStale updates the stale set for an event the store has applied; it
// reports whether the event's contact was stale before it.
func (m *Model) trackStale(ev xmppclient.Event) (wasStale bool) {
	switch ev := ev.(type) {
	case xmppclient.ConnectionEvent:
		if ev.Status == xmppclient.StatusConnected {
			m.stale = nil
		}
		if m.state.conn.lost && len(m.stale) == 0 {
			m.stale = map[string]bool{}
			for _, jid := range m.state.roster.jids() {
				// Only a presence one receives can go stale: without a
				// subscription to it the contact is never seen online.
				if e, ok := m.state.roster.get(jid); ok && (e.contact.Subscription == "both" || e.contact.Subscription == "to") {
					m.stale[jid] = true
				}
			}
		}
	case xmppclient.PresenceEvent:
		// Every presence event is a stanza from the server (the client
		// resets its own state silently), even one that comes before
		// the client reports CONNECTED: it makes the contact known.
		jid := bare(ev.From)
		wasStale = m.stale[jid]
		delete(m.stale, jid)
	case xmppclient.RosterEvent:
		if ev.Removed {
			delete(m.stale, ev.Contact.JID)
		}
	}
	return wasStale
}

// presenceOf is the presence mark a contact is drawn with, and whether it
// is known.
func (m *Model) presenceOf(e *rosterEntry) (show xmppclient.Show, glyph, label string, known bool) {
	if m.stale[e.jid] {
		return xmppclient.ShowOffline, "?", "unknown", false
	}
	glyph, label = presenceMark(e.show)
	return e.show, glyph, label, true
}

// staleAvailable is how many of the stale contacts the roster still counts
// as available: the header leaves them out.
func (m *Model) staleAvailable() int {
	n := 0
	for jid := range m.stale {
		if e, ok := m.state.roster.get(jid); ok && e.show != xmppclient.ShowOffline {
			n++
		}
	}
	return n
}
