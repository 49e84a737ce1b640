package ui

import (
	"slices"
	"strings"

	"github.com/parley-im/parley/xmppclient"
)

// rosterEntry is one contact as the list shows it. Its strings are cleaned
// once, when they change, not on every render.
type rosterEntry struct {
	jid     string // bare JID as the server sent it (the map key)
	contact xmppclient.Contact
	show    xmppclient.Show // the contact's presence, as the session aggregates it
	status  string          // status text, cleaned
	nick    string          // published nickname, cleaned
	name    string          // what the list shows, cleaned
	key     string          // lower-cased name, for sort and filter
	jidKey  string          // lower-cased JID, cleaned
	rank    int             // show.Rank(), the session's one presence order
}

// refresh recomputes the derived fields after a change.
func (e *rosterEntry) refresh() {
	e.name = e.nick
	if e.name == "" {
		e.name = clean(e.contact.Name)
	}
	if e.name == "" {
		e.name = clean(e.jid)
	}
	e.key = strings.ToLower(e.name)
	e.jidKey = strings.ToLower(clean(e.jid))
	e.show = e.contact.Show
	if e.show.Rank() == xmppclient.ShowOffline.Rank() {
		e.show = xmppclient.ShowOffline // "" or unknown
	}
	e.rank = e.show.Rank()
}

// cmpEntry orders entries: available first, then by name, then by JID.
func cmpEntry(a, b *rosterEntry) int {
	if d := b.rank - a.rank; d != 0 {
		return d // higher Rank is more available and comes first
	}
	if c := strings.Compare(a.key, b.key); c != 0 {
		return c
	}
	return strings.Compare(a.jid, b.jid)
}

// roster keeps the contacts, a sorted slice of them and the filtered view
// of that slice. A change to one contact moves it in the sorted slice with
// two binary searches (no full sort); the filtered view is rebuilt at most
// once per render and only when a filter is set. A render costs the visible
// rows only.
type roster struct {
	byJID  map[string]*rosterEntry
	sorted []*rosterEntry
	shown  []*rosterEntry // sorted, filtered
	filter string
	fdirty bool // shown needs rebuilding
	gen    int  // bumped on every change, so views can re-find the cursor
	avail  int  // available contacts: online, away, dnd or xa
	away   int  // of those, the ones away, dnd or xa
}

// count adds d to the counts of the presence e has.
func (r *roster) count(e *rosterEntry, d int) {
	switch e.show {
	case xmppclient.ShowOffline:
	case xmppclient.ShowOnline:
		r.avail += d
	default:
		r.avail += d
		r.away += d
	}
}

func newRoster() *roster {
	return &roster{byJID: map[string]*rosterEntry{}}
}

// set replaces the whole roster (after log in).
func (r *roster) set(cs []xmppclient.Contact) {
	nicks := map[string]string{}
	for j, e := range r.byJID {
		nicks[j] = e.nick
	}
	r.byJID = make(map[string]*rosterEntry, len(cs))
	r.sorted = make([]*rosterEntry, 0, len(cs))
	r.avail, r.away = 0, 0
	for _, c := range cs {
		if _, dup := r.byJID[c.JID]; dup {
			continue
		}
		e := &rosterEntry{jid: c.JID, contact: c, nick: nicks[c.JID]}
		e.status = clean(c.StatusText)
		e.refresh()
		r.byJID[c.JID] = e
		r.sorted = append(r.sorted, e)
		r.count(e, 1)
	}
	slices.SortFunc(r.sorted, cmpEntry)
	r.touch()
}

func (r *roster) touch() { r.fdirty = true; r.gen++ }

// index finds e in the sorted slice by its current sort fields.
func (r *roster) index(list []*rosterEntry, e *rosterEntry) int {
	i, found := slices.BinarySearchFunc(list, e, cmpEntry)
	if found && list[i] == e {
		return i
	}
	return -1
}

// edit applies change to e and moves it to its new place.
func (r *roster) edit(e *rosterEntry, change func()) {
	if i := r.index(r.sorted, e); i >= 0 {
		r.sorted = slices.Delete(r.sorted, i, i+1)
	}
	r.count(e, -1)
	change()
	e.refresh()
	r.count(e, 1)
	i, _ := slices.BinarySearchFunc(r.sorted, e, cmpEntry)
	r.sorted = slices.Insert(r.sorted, i, e)
	r.touch()
}

// upsert adds or updates one contact from a roster push.
func (r *roster) upsert(c xmppclient.Contact) {
	e, ok := r.byJID[c.JID]
	if !ok {
		e = &rosterEntry{jid: c.JID, contact: c}
		e.status = clean(c.StatusText)
		e.refresh()
		r.byJID[c.JID] = e
		r.count(e, 1)
		i, _ := slices.BinarySearchFunc(r.sorted, e, cmpEntry)
		r.sorted = slices.Insert(r.sorted, i, e)
		r.touch()
		return
	}
	r.edit(e, func() {
		if c.Show == "" {
			c.Show = e.contact.Show
		}
		if c.StatusText == "" {
			c.StatusText = e.contact.StatusText
		}
		e.contact = c
	})
}

// remove drops a contact.
func (r *roster) remove(jid string) {
	e, ok := r.byJID[jid]
	if !ok {
		return
	}
	if i := r.index(r.sorted, e); i >= 0 {
		r.sorted = slices.Delete(r.sorted, i, i+1)
	}
	r.count(e, -1)
	delete(r.byJID, jid)
	r.touch()
}

// presence applies a presence; it reports whether the contact went offline
// and whether it is a contact at all.
//
// The session publishes each contact's presence already aggregated over
// its resources (the most available one wins; Resource names that one), so
// the event is the contact's presence as a whole. Aggregating again here,
// per Resource, kept resources that had left and so showed stale states.
func (r *roster) presence(ev xmppclient.PresenceEvent) (wentOffline, known bool) {
	e, ok := r.byJID[ev.From]
	if !ok {
		return false, false
	}
	was := e.show
	r.edit(e, func() {
		e.contact.Show = ev.Show
		if ev.Show == "" {
			e.contact.Show = xmppclient.ShowOffline
		}
		e.contact.StatusText = ev.StatusText
		e.status = clean(ev.StatusText)
	})
	return was != xmppclient.ShowOffline && e.show == xmppclient.ShowOffline, true
}

// setNick records a contact's published nickname.
func (r *roster) setNick(jid, nick string) {
	e, ok := r.byJID[jid]
	if !ok {
		return
	}
	nick = clean(nick)
	if e.nick != nick {
		r.edit(e, func() { e.nick = nick })
	}
}

// setFilter changes the filter text.
func (r *roster) setFilter(s string) {
	s = strings.ToLower(clean(s))
	if s != r.filter {
		r.filter = s
		r.touch()
	}
}

// get returns a contact by bare JID.
func (r *roster) get(jid string) (*rosterEntry, bool) {
	e, ok := r.byJID[jid]
	return e, ok
}

// len is the number of contacts (unfiltered).
func (r *roster) len() int { return len(r.byJID) }

// list returns the sorted, filtered contacts. Without a filter it is the
// sorted slice itself; with one it is rebuilt only after a change.
func (r *roster) list() []*rosterEntry {
	if r.filter == "" {
		return r.sorted
	}
	if r.fdirty {
		r.shown = r.shown[:0]
		for _, e := range r.sorted {
			if strings.Contains(e.key, r.filter) || strings.Contains(e.jidKey, r.filter) {
				r.shown = append(r.shown, e)
			}
		}
		r.fdirty = false
	}
	return r.shown
}

// position is where e sits in list(), or -1.
func (r *roster) position(e *rosterEntry) int {
	return r.index(r.list(), e)
}

// jids returns every contact's bare JID (for completion), sorted.
func (r *roster) jids() []string {
	out := make([]string, 0, len(r.byJID))
	for j := range r.byJID {
		out = append(out, j)
	}
	slices.Sort(out)
	return out
}
