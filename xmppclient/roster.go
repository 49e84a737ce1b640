package xmppclient

import (
	"context"
	"encoding/xml"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"mellium.im/xmlstream"
	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/roster"
	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/profile"
)

// rosterItem is one <item/> of a roster query, result or push; ask is
// kept, unlike in mellium's roster.Item, to show pending requests.
type rosterItem struct {
	JID          string   `xml:"jid,attr" json:"jid"`
	Name         string   `xml:"name,attr,omitempty" json:"name,omitempty"`
	Subscription string   `xml:"subscription,attr,omitempty" json:"subscription,omitempty"`
	Ask          string   `xml:"ask,attr,omitempty" json:"ask,omitempty"`
	Groups       []string `xml:"group" json:"groups,omitempty"`
}

func (it rosterItem) bare() string {
	j, err := jid.Parse(it.JID)
	if err != nil {
		return it.JID
	}
	return j.Bare().String()
}

type rosterQuery struct {
	XMLName xml.Name     `xml:"jabber:iq:roster query"`
	Ver     string       `xml:"ver,attr"`
	Items   []rosterItem `xml:"item"`
}

// rosterState is the contact list with the presence of each resource.
// Presence may arrive before the roster does (we send presence first), so
// entries exist for JIDs that are not (yet) roster items.
type rosterState struct {
	mu       sync.Mutex
	items    map[string]*contactState
	approve  map[string]bool // we added them: approve their request when it comes
	requests map[string]bool // their request waits for the user's answer
	// waiting are, after a log-in, the contacts told available and not
	// heard from since; heard is closed when none is left; resyncGen
	// numbers the log-ins (presencesync.go).
	waiting   map[string]bool
	heard     chan struct{}
	resyncGen int
	listed    int // contacts in the log-in's roster answer (namesfirst.go)
}

type contactState struct {
	contact   Contact
	inRoster  bool
	resources map[string]PresenceEvent
	offlineAt time.Time
	told      *shownPresence // the presence last reported; nil: none yet
}

func (r *rosterState) init() {
	r.items = map[string]*contactState{}
	r.approve = map[string]bool{}
	r.requests = map[string]bool{}
}

// setListed records how many contacts the log-in's roster answer holds,
// before they are worked through.
func (r *rosterState) setListed(n int) {
	r.mu.Lock()
	r.listed = n
	r.mu.Unlock()
}

// size is how many contacts the last roster answer held.
func (r *rosterState) size() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.listed
}

func (r *rosterState) entry(bare string) *contactState {
	e := r.items[bare]
	if e == nil {
		e = &contactState{contact: Contact{JID: bare, Show: ShowOffline}, resources: map[string]PresenceEvent{}}
		r.items[bare] = e
	}
	return e
}

// setPresence records one resource's presence and returns the contact's
// aggregated presence: the most available resource wins.
func (r *rosterState) setPresence(bare, resource string, p PresenceEvent) PresenceEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.entry(bare)
	if p.Show == ShowOffline {
		delete(e.resources, resource)
	} else {
		e.resources[resource] = p
	}
	best := PresenceEvent{From: bare, Show: ShowOffline, StatusText: p.StatusText, PhotoHash: p.PhotoHash, HasPhotoUpdate: p.HasPhotoUpdate}
	for _, rp := range e.resources {
		if rp.Show.Rank() > best.Show.Rank() {
			best.Show, best.StatusText, best.Resource = rp.Show, rp.StatusText, rp.Resource
		}
	}
	if best.Show == ShowOffline && len(e.resources) == 0 {
		e.offlineAt = time.Now()
	}
	e.contact.Show, e.contact.StatusText = best.Show, best.StatusText
	return best
}

// presenceSnapshot is every contact's presence at one moment, to put back
// when a broken stream is resumed (the server sends no presence again).
type presenceSnapshot map[string]struct {
	resources  map[string]PresenceEvent
	show       Show
	statusText string
}

// takePresence returns the presence of every contact and resets it: from
// a broken stream on, nobody is known to be online.
func (r *rosterState) takePresence() presenceSnapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	snap := presenceSnapshot{}
	for bare, e := range r.items {
		snap[bare] = struct {
			resources  map[string]PresenceEvent
			show       Show
			statusText string
		}{e.resources, e.contact.Show, e.contact.StatusText}
		e.resources = map[string]PresenceEvent{}
		e.contact.Show = ShowOffline
	}
	return snap
}

// restorePresence puts a snapshot back, for the contacts still there and
// not heard from since.
func (r *rosterState) restorePresence(snap presenceSnapshot) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for bare, p := range snap {
		if e, ok := r.items[bare]; ok && len(e.resources) == 0 {
			e.resources, e.contact.Show, e.contact.StatusText = p.resources, p.show, p.statusText
		}
	}
}

func contactFromItem(item rosterItem) Contact {
	groups := make([]string, 0, len(item.Groups))
	for _, g := range item.Groups {
		groups = append(groups, profile.Sanitize(g))
	}
	return Contact{
		JID:          item.bare(),
		Name:         profile.Sanitize(item.Name),
		Subscription: item.Subscription,
		Pending:      item.Ask == "subscribe",
		Groups:       groups,
	}
}

// applyItem stores a roster item; it reports the updated contact, whether
// it was removed, and whether anything changed (a push or a fetched roster
// may repeat what is known).
func (r *rosterState) applyItem(item rosterItem) (c Contact, removed, changed bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.applyLocked(item)
}

func (r *rosterState) applyLocked(item rosterItem) (c Contact, removed, changed bool) {
	bare := item.bare()
	if item.Subscription == "remove" {
		e := r.items[bare]
		delete(r.items, bare)
		delete(r.approve, bare)
		if e == nil {
			return Contact{JID: bare}, true, false
		}
		return e.contact, true, e.inRoster
	}
	e := r.entry(bare)
	was, wasInRoster := e.contact, e.inRoster
	e.contact = contactFromItem(item)
	e.contact.Show, e.contact.StatusText = was.Show, was.StatusText
	e.inRoster = true
	return e.contact, false, !wasInRoster || !sameRosterFields(was, e.contact)
}

// sameRosterFields reports whether a and b are the same roster item
// (presence aside).
func sameRosterFields(a, b Contact) bool {
	return a.JID == b.JID && a.Name == b.Name && a.Subscription == b.Subscription &&
		a.Pending == b.Pending && slices.Equal(a.Groups, b.Groups)
}

// replace makes items the whole roster: entries missing from it (removed
// while we were away) are dropped. It returns the events to report: the
// contacts added, changed or removed, so that after a reconnect an
// unchanged roster reports nothing.
func (r *rosterState) replace(items []rosterItem) []RosterEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	keep := make(map[string]bool, len(items))
	var events []RosterEvent
	for _, it := range items {
		keep[it.bare()] = true
		if contact, _, changed := r.applyLocked(it); changed {
			events = append(events, RosterEvent{Contact: contact})
		}
	}
	for bare, e := range r.items {
		if e.inRoster && !keep[bare] {
			e.inRoster = false
			events = append(events, RosterEvent{Contact: e.contact, Removed: true})
		}
	}
	return events
}

// snapshot returns the roster as items, for the cache.
func (r *rosterState) snapshot() []rosterItem {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]rosterItem, 0, len(r.items))
	for _, e := range r.items {
		if !e.inRoster {
			continue
		}
		it := rosterItem{JID: e.contact.JID, Name: e.contact.Name, Subscription: e.contact.Subscription, Groups: e.contact.Groups}
		if e.contact.Pending {
			it.Ask = "subscribe"
		}
		out = append(out, it)
	}
	return out
}

// Contacts returns the roster, online contacts first, then by name.
func (c *Client) Contacts() []Contact {
	c.roster.mu.Lock()
	out := make([]Contact, 0, len(c.roster.items))
	for _, e := range c.roster.items {
		if e.inRoster {
			out = append(out, e.contact)
		}
	}
	c.roster.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		ri, rj := out[i].Show.Rank() > 0, out[j].Show.Rank() > 0
		if ri != rj {
			return ri
		}
		return out[i].JID < out[j].JID
	})
	return out
}

// Contact returns jid's roster entry, if jid is on the roster.
func (c *Client) Contact(jid string) (Contact, bool) {
	c.roster.mu.Lock()
	defer c.roster.mu.Unlock()
	e := c.roster.items[jid]
	if e == nil || !e.inRoster {
		return Contact{}, false
	}
	return e.contact, true
}

// PendingRequests lists the JIDs whose subscription request waits for an
// answer.
func (c *Client) PendingRequests() []string {
	c.roster.mu.Lock()
	defer c.roster.mu.Unlock()
	out := make([]string, 0, len(c.roster.requests))
	for j := range c.roster.requests {
		out = append(out, j)
	}
	sort.Strings(out)
	return out
}

// fetchRoster gets the roster, with roster versioning where the server
// offers it: an unchanged roster comes back empty and the cached one is
// used; changes made while we were away then arrive as pushes.
// answered is called once the server's answer is in, before it is worked
// through (the log-in sends its presence then).
func (c *Client) fetchRoster(ctx context.Context, sess *xmpp.Session, answered func()) error {
	cache := rosterCache{}
	cached, haveCache := rosterFile{}, false
	query := xml.StartElement{Name: xml.Name{Space: roster.NS, Local: "query"}}
	// RFC 6121 §2.6.1: a client sends ver only when the server says it
	// supports versioning. (mellium's roster.Fetch always sends ver, and
	// its roster.Item drops ask, hence the query of our own.)
	if _, ok := sess.Feature(roster.NSFeatures); ok {
		cache = c.rosterCacheFor(sess)
		cached, haveCache = cache.load()
		query.Attr = []xml.Attr{{Name: xml.Name{Local: "ver"}, Value: cached.Ver}}
	}
	var res rosterQuery
	if err := sess.UnmarshalIQElement(ctx, xmlstream.Wrap(nil, query), stanza.IQ{Type: stanza.GetIQ}, &res); err != nil {
		return fmt.Errorf("fetch roster: %w", err)
	}
	items, fresh := res.Items, res.XMLName.Local != ""
	if !fresh && haveCache {
		items = cached.Items // unchanged since the cached version
	}
	c.roster.setListed(len(items))
	answered()
	if fresh {
		cache.save(rosterFile{Ver: res.Ver, Items: res.Items})
	}
	for _, ev := range c.roster.replace(items) {
		c.bus.publish(ev)
	}
	c.mu.Lock()
	c.rosterCache = cache
	c.mu.Unlock()
	return nil
}

// onRosterPush answers a roster push (RFC 6121 §2.1.6) and applies it. It
// runs in the stanza handler.
func (c *Client) onRosterPush(iq stanza.IQ, t xmlstream.TokenReadEncoder, start *xml.StartElement) error {
	// Only our own account (or the server for it) may push; mellium blanks
	// a from that is our bare JID.
	if !iq.From.Equal(jid.JID{}) && !iq.From.Bare().Equal(c.account) {
		_, err := xmlstream.Copy(t, iq.Error(stanza.Error{Type: stanza.Cancel, Condition: stanza.ServiceUnavailable}))
		return err
	}
	var q rosterQuery
	if err := xml.NewTokenDecoder(xmlstream.MultiReader(xmlstream.Token(*start), t)).Decode(&q); err != nil {
		return err
	}
	if _, err := xmlstream.Copy(t, iq.Result(nil)); err != nil {
		return err
	}
	for _, item := range q.Items {
		c.applyPushedItem(item)
	}
	c.mu.Lock()
	cache := c.rosterCache
	c.mu.Unlock()
	if q.Ver != "" {
		cache.save(rosterFile{Ver: q.Ver, Items: c.roster.snapshot()})
	}
	return nil
}
