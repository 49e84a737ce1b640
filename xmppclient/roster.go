package xmppclient

import (
	"context"
	"encoding/xml"
	"fmt"
	"sort"
	"sync"
	"time"

	"mellium.im/xmlstream"
	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/roster"
	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/internal/apierr"
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
}

type contactState struct {
	contact   Contact
	inRoster  bool
	resources map[string]PresenceEvent
	offlineAt time.Time
}

func (r *rosterState) init() {
	r.items = map[string]*contactState{}
	r.approve = map[string]bool{}
	r.requests = map[string]bool{}
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

// resetPresence forgets every resource (after a disconnect the server
// sends all presence again).
func (r *rosterState) resetPresence() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.items {
		e.resources = map[string]PresenceEvent{}
		e.contact.Show = ShowOffline
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

// applyItem stores a roster item; it reports the updated contact.
func (r *rosterState) applyItem(item rosterItem) (Contact, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.applyLocked(item)
}

func (r *rosterState) applyLocked(item rosterItem) (Contact, bool) {
	bare := item.bare()
	if item.Subscription == "remove" {
		e := r.items[bare]
		delete(r.items, bare)
		delete(r.approve, bare)
		if e == nil {
			return Contact{JID: bare}, true
		}
		return e.contact, true
	}
	e := r.entry(bare)
	show, status := e.contact.Show, e.contact.StatusText
	e.contact = contactFromItem(item)
	e.contact.Show, e.contact.StatusText = show, status
	e.inRoster = true
	return e.contact, false
}

// replace makes items the whole roster: entries missing from it (removed
// while we were away) are dropped. It returns the events to report.
func (r *rosterState) replace(items []rosterItem) []RosterEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	keep := make(map[string]bool, len(items))
	events := make([]RosterEvent, 0, len(items))
	for _, it := range items {
		keep[it.bare()] = true
		contact, _ := r.applyLocked(it)
		events = append(events, RosterEvent{Contact: contact})
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
func (c *Client) fetchRoster(ctx context.Context, sess *xmpp.Session) error {
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
	items := res.Items
	switch {
	case res.XMLName.Local == "" && haveCache:
		items = cached.Items // unchanged since the cached version
	case res.XMLName.Local != "":
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

func (c *Client) applyPushedItem(item rosterItem) {
	c.roster.mu.Lock()
	before := ""
	if e := c.roster.items[item.bare()]; e != nil {
		before = e.contact.Subscription
	}
	c.roster.mu.Unlock()
	contact, removed := c.roster.applyItem(item)
	c.bus.publish(RosterEvent{Contact: contact, Removed: removed})
	if !removed && contact.Subscription == "both" && before != "both" {
		// The subscription just became mutual. ejabberd sends us a
		// contact's PEP events only after it saw our +notify caps in a
		// presence under that subscription, so announce ourselves again.
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			sess, err := c.session()
			if err == nil {
				err = c.sendOwnPresence(ctx, sess)
			}
			if err != nil {
				c.log.Warn("presence for a new friend", "jid", contact.JID, "err", err)
			}
		}()
	}
}

func parseContact(s string) (jid.JID, error) {
	j, err := jid.Parse(s)
	if err != nil || j.Domainpart() == "" {
		return jid.JID{}, apierr.New(apierr.BadRequest, "%q is not a valid address; it looks like name@example.org.", s)
	}
	return j.Bare(), nil
}

// AddContact puts j on the roster and asks to see its presence. When j asks
// back, the request is approved by itself (not every server supports
// pre-approval, so it is not relied on).
func (c *Client) AddContact(ctx context.Context, contact, name string) error {
	j, err := parseContact(contact)
	if err != nil {
		return err
	}
	if j.Equal(c.account) {
		return apierr.New(apierr.BadRequest, "You cannot add yourself as a contact.")
	}
	sess, err := c.session()
	if err != nil {
		return err
	}
	if err := roster.Set(ctx, sess, roster.Item{JID: j, Name: name}); err != nil {
		return stanzaErr(err, "Adding "+j.String())
	}
	c.roster.mu.Lock()
	c.roster.approve[j.String()] = true
	waiting := c.roster.requests[j.String()]
	c.roster.mu.Unlock()
	if err := c.sendDirected(ctx, stanza.SubscribePresence, j); err != nil {
		return err
	}
	// Their request may already be waiting: adding them answers it.
	if waiting {
		return c.AcceptSubscription(ctx, j.String())
	}
	return nil
}

// onSubscribe runs in the stanza handler when someone asks for our
// presence.
func (c *Client) onSubscribe(bare string) {
	c.roster.mu.Lock()
	auto := c.roster.approve[bare]
	if !auto {
		c.roster.requests[bare] = true
	}
	c.roster.mu.Unlock()
	if auto {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := c.AcceptSubscription(ctx, bare); err != nil {
				c.log.Warn("auto-approve", "jid", bare, "err", err)
			}
		}()
		return
	}
	c.bus.publish(SubscriptionRequestEvent{From: bare})
}

// AcceptSubscription lets j see our presence (and profile), and asks for
// theirs in return unless we already have it.
func (c *Client) AcceptSubscription(ctx context.Context, contact string) error {
	j, err := parseContact(contact)
	if err != nil {
		return err
	}
	if err := c.sendDirected(ctx, stanza.SubscribedPresence, j); err != nil {
		return err
	}
	c.roster.mu.Lock()
	delete(c.roster.requests, j.String())
	e := c.roster.items[j.String()]
	haveTheirs := e != nil && (e.contact.Subscription == "to" || e.contact.Subscription == "both")
	c.roster.approve[j.String()] = true
	c.roster.mu.Unlock()
	if !haveTheirs {
		if err := c.sendDirected(ctx, stanza.SubscribePresence, j); err != nil {
			return err
		}
	}
	// Directed presence with caps, so the server and the contact learn our
	// +notify interests at once: with a one-way subscription Prosody sends
	// a contact's PEP events only after such a presence.
	return c.sendDirected(ctx, "", j)
}

// RefuseSubscription denies j's request to see our presence.
func (c *Client) RefuseSubscription(ctx context.Context, contact string) error {
	j, err := parseContact(contact)
	if err != nil {
		return err
	}
	c.roster.mu.Lock()
	delete(c.roster.requests, j.String())
	c.roster.mu.Unlock()
	return c.sendDirected(ctx, stanza.UnsubscribedPresence, j)
}

// RemoveContact takes j off the roster; the server cancels both
// subscriptions.
func (c *Client) RemoveContact(ctx context.Context, contact string) error {
	j, err := parseContact(contact)
	if err != nil {
		return err
	}
	sess, err := c.session()
	if err != nil {
		return err
	}
	if err := roster.Delete(ctx, sess, j); err != nil {
		return stanzaErr(err, "Removing "+j.String())
	}
	return nil
}
