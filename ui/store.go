package ui

import (
	"strings"
	"time"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// lastSeenInfo is a XEP-0012 answer and when it was received, so the age
// keeps counting on screen.
type lastSeenInfo struct {
	seconds int64
	at      time.Time
	failed  bool // the server refused or did not know
}

// store is what one session knows: the contacts with their presence, the
// profiles, last-seen answers, the chats and unread counts, subscription
// requests, our own availability and the connection state. Session events
// change it through Apply; command results through its set methods. It
// knows nothing of Bubble Tea or of screens: the root model owns one per
// session and the screens read it when they draw, so an open profile or
// chat changes in place.
type store struct {
	account    string // bare JID of the logged-in account ("" before)
	conn       connState
	roster     *roster
	profiles   map[string]profile.Profile
	lastSeen   map[string]lastSeenInfo
	chats      map[string]*chatLog
	unread     map[string]int
	requests   []string        // bare JIDs asking for our presence, oldest first
	strangers  []string        // senders of message requests, oldest first (strangers.go)
	myShow     xmppclient.Show // our availability ("" = online)
	myShowText string          // its text, cleaned
	reading    string          // the contact whose chat is on screen: no unread count
	blocked    map[string]bool // bare JIDs blocked (XEP-0191), marked in the list
	now        func() time.Time
}

// newStore is the state of a session of account that starts with status
// and contacts; now stamps messages that carry no time.
func newStore(account string, status xmppclient.Status, contacts []xmppclient.Contact, now func() time.Time) *store {
	if now == nil {
		now = time.Now
	}
	s := &store{
		account:  bare(account),
		conn:     connState{status: status},
		roster:   newRoster(),
		profiles: map[string]profile.Profile{},
		lastSeen: map[string]lastSeenInfo{},
		chats:    map[string]*chatLog{},
		unread:   map[string]int{},
		myShow:   xmppclient.ShowOnline,
		now:      now,
	}
	s.roster.set(contacts)
	return s
}

// change is what an applied event means beyond the state itself, for the
// root to act on (a notice, a question to the server, a timer).
type change struct {
	connection  bool   // the connection state changed
	reconnected bool   // the connection is up again after it was lost
	wentOffline string // a contact that just went offline: ask when it was last seen
	request     string // a new subscription request from this JID
}

// Apply records one session event.
func (s *store) Apply(ev xmppclient.Event) change {
	switch ev := ev.(type) {
	case xmppclient.ConnectionEvent:
		return change{connection: true, reconnected: s.conn.apply(ev)}
	case xmppclient.PresenceEvent:
		return s.applyPresence(ev)
	case xmppclient.RosterEvent:
		if ev.Removed {
			s.roster.remove(ev.Contact.JID)
			return change{}
		}
		s.roster.upsert(ev.Contact)
		s.acceptStranger(bare(ev.Contact.JID))
		if p, ok := s.profiles[ev.Contact.JID]; ok {
			s.roster.setNick(ev.Contact.JID, p.Nickname)
		}
	case xmppclient.SubscriptionRequestEvent:
		return s.addRequest(ev.From)
	case xmppclient.MessageEvent:
		s.addMessage(ev)
	case xmppclient.MessageStateEvent:
		s.setMessageState(ev)
	case xmppclient.ChatStateEvent:
		s.chat(bare(ev.From)).typing = ev.State == xmppclient.ChatComposing
	case xmppclient.ProfileEvent:
		s.setProfile(ev.Profile)
	case xmppclient.BlocklistEvent:
		s.setBlocked(ev.JID, ev.Blocked)
	}
	return change{}
}

// setMessageState records what became of a message, with the reason of
// a failure.
func (s *store) setMessageState(ev xmppclient.MessageStateEvent) {
	why := ""
	if ev.Err != nil {
		why = errText(ev.Err)
	}
	s.chat(bare(ev.Peer)).setState(ev.ID, ev.State, why)
}

// applyPresence records a contact's presence.
func (s *store) applyPresence(ev xmppclient.PresenceEvent) change {
	if bare(ev.From) == s.account {
		return change{} // our own other resources
	}
	// An offline the client inferred after a reconnect, or the server's
	// answer to the log-in's probe, is no moment to ask about (a restarted
	// server would answer "just now").
	if wentOffline, known := s.roster.presence(ev); known && wentOffline && !ev.Unheard && !ev.AfterBreak {
		return change{wentOffline: ev.From}
	}
	return change{}
}

func (s *store) addRequest(from string) change {
	for _, r := range s.requests {
		if r == from {
			return change{}
		}
	}
	s.requests = append(s.requests, from)
	return change{request: from}
}

// addMessage records a message in its chat once: the archive, a carbon
// and a live copy of one message are one line. A message we sent from
// another resource is ours; a contact's message ends their typing.
func (s *store) addMessage(ev xmppclient.MessageEvent) {
	peer := bare(ev.Peer())
	at := ev.Time
	if at.IsZero() {
		at = s.now()
	}
	l := chatLine{at: at, from: bare(ev.From), body: ev.Body, id: ev.ID, stanzaID: ev.StanzaID, localID: ev.LocalID}
	if ev.Outgoing {
		l.from, l.state = "", xmppclient.DeliverySent
	}
	log := s.chat(peer)
	if log.has(l) {
		return
	}
	if ev.Archived {
		log.insertArchived(l)
	} else {
		log.add(l)
	}
	if ev.Outgoing {
		return
	}
	log.typing = false
	if s.reading != peer {
		s.unread[peer]++
	}
	if _, contact := s.roster.get(peer); !contact && peer != s.account {
		s.noteStranger(peer)
	}
}

// addHistory merges a page of the local history into a chat: the newest
// page when the chat first opens, older ones as the user scrolls up.
func (s *store) addHistory(jid string, msgs []app.StoredMessage, older bool) {
	log := s.chat(jid)
	lines := make([]chatLine, 0, len(msgs))
	for _, m := range msgs {
		l := chatLine{at: m.Time, from: bare(m.From), body: m.Body, id: m.MessageID, stanzaID: m.StanzaID, localID: m.ID}
		if m.Direction == "out" {
			l.from, l.state, l.failed = "", xmppclient.Delivery(m.State), m.Error
		}
		lines = append(lines, l)
	}
	log.merge(lines)
	if !older || len(msgs) > 0 {
		log.loaded = true
		log.oldest = ""
		if len(msgs) > 0 {
			log.oldest = msgs[0].ID
		}
	}
}

// setProfile records a profile (from an event or a fetch).
func (s *store) setProfile(p profile.Profile) {
	jid := bare(p.JID)
	if jid == "" {
		return
	}
	s.profiles[jid] = p
	s.roster.setNick(jid, p.Nickname)
}

// setRequests replaces the pending requests (read at log-in).
func (s *store) setRequests(jids []string) { s.requests = jids }

// takeRequest removes and returns the oldest subscription request.
func (s *store) takeRequest() (string, bool) {
	if len(s.requests) == 0 {
		return "", false
	}
	jid := s.requests[0]
	s.requests = s.requests[1:]
	return jid, true
}

// setLastSeen records a XEP-0012 answer (failed when there was none).
func (s *store) setLastSeen(jid string, seconds int64, at time.Time, failed bool) {
	s.lastSeen[jid] = lastSeenInfo{seconds: seconds, at: at, failed: failed}
}

// setOwnShow records our availability once the server has it.
func (s *store) setOwnShow(show xmppclient.Show, text string) {
	s.myShow, s.myShowText = show, text
}

// read marks jid's chat as the one on screen ("" for none) and clears its
// unread count.
func (s *store) read(jid string) {
	s.reading = jid
	if jid != "" {
		delete(s.unread, jid)
	}
}

// chat returns the history with jid, creating it.
func (s *store) chat(jid string) *chatLog {
	c, ok := s.chats[jid]
	if !ok {
		c = &chatLog{}
		s.chats[jid] = c
	}
	return c
}

// profile is the known profile of jid (zero when none is known).
func (s *store) profile(jid string) (profile.Profile, bool) {
	p, ok := s.profiles[jid]
	return p, ok
}

// unreadCount is how many messages from jid came while its chat was not
// on screen.
func (s *store) unreadCount(jid string) int { return s.unread[jid] }

// ownShow is the availability the own card shows: ours when connected,
// offline otherwise.
func (s *store) ownShow() xmppclient.Show {
	if s.conn.status != xmppclient.StatusConnected {
		return xmppclient.ShowOffline
	}
	if s.myShow == "" {
		return xmppclient.ShowOnline
	}
	return s.myShow
}

// displayName is the best name for a JID: nickname, roster name, JID.
func (s *store) displayName(jid string) string {
	if e, ok := s.roster.get(jid); ok {
		return e.name
	}
	if p, ok := s.profiles[jid]; ok && p.Nickname != "" {
		return clean(p.Nickname)
	}
	return clean(jid)
}

// lastSeenText is "last seen 5 min ago" for an offline contact whose last
// activity is known, counting on from when the answer came; "" when it is
// unknown. always also answers for online contacts ("online now").
func (s *store) lastSeenText(jid string, always bool) string {
	ls, ok := s.lastSeen[jid]
	if !ok || ls.failed {
		if always {
			return "last seen unknown"
		}
		return ""
	}
	if e, ok := s.roster.get(jid); ok && e.show != xmppclient.ShowOffline && always {
		return "online now"
	}
	d := time.Duration(ls.seconds)*time.Second + s.now().Sub(ls.at)
	return "last seen " + ago(d)
}

// bare strips the resource from a JID.
func bare(jid string) string {
	if i := strings.IndexByte(jid, '/'); i >= 0 {
		return jid[:i]
	}
	return jid
}
