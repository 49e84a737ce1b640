package xmppclient

import "time"

// Presence events say what changed. Each contact's aggregated presence is
// reported only when it differs from what subscribers were last told
// (told): a server that repeats a presence costs no event.
//
// That is what makes a reconnect without stream resumption quiet: the
// client's presence state is reset at the break, silently (subscribers
// keep what they were told), and the server sends every available
// contact's presence again; those unchanged are not reported. What the
// server does not send is a contact that went offline during the break,
// so after the log-in a window stays open for the contacts told available
// and not heard from yet: when all are heard, or after resyncGrace (a
// contact on another server answers the probe late), those still unheard
// are reported offline.

// resyncGrace bounds how long after a reconnect a contact that was
// available may take to say so before it is reported offline.
const resyncGrace = 5 * time.Second

// shownPresence is what subscribers were told of one contact.
type shownPresence struct {
	show       Show
	statusText string
	photo      bool // the presence had a XEP-0153 update
	photoHash  string
}

func shownOf(p PresenceEvent) shownPresence {
	return shownPresence{show: p.Show, statusText: p.StatusText, photo: p.HasPhotoUpdate, photoHash: p.PhotoHash}
}

func (a shownPresence) same(b shownPresence) bool {
	if a.show != b.show {
		return false
	}
	// An offline contact's status text and photo are the last word of
	// its unavailable presence, which the server may or may not repeat.
	return a.show == ShowOffline || a == b
}

// tell reports whether agg, a contact's new aggregated presence, is news
// to subscribers, and records it as told; afterBreak when it is the first
// news of a contact waited for since a reconnect (PresenceEvent.AfterBreak).
func (r *rosterState) tell(agg PresenceEvent) (news, afterBreak bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.waiting != nil {
		afterBreak = r.waiting[agg.From]
		delete(r.waiting, agg.From)
		if len(r.waiting) == 0 {
			r.heardAll()
		}
	}
	e := r.entry(agg.From)
	now := shownOf(agg)
	if e.told != nil && e.told.same(now) {
		return false, afterBreak
	}
	e.told = &now
	return true, afterBreak
}

// heardAll signals that nobody is waited for; r.mu held.
func (r *rosterState) heardAll() {
	select {
	case <-r.heard:
	default:
		close(r.heard)
	}
}

// beginResync opens the window of a new log-in (not a resumed stream):
// the presence of any session before is forgotten, and the contacts told
// available are waited for. heard is closed once all are heard.
func (r *rosterState) beginResync() (gen int, heard <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.resyncGen++
	r.waiting = map[string]bool{}
	r.heard = make(chan struct{})
	for bare, e := range r.items {
		e.resources = map[string]PresenceEvent{}
		e.contact.Show = ShowOffline
		if e.told != nil && e.told.show != ShowOffline {
			r.waiting[bare] = true
		}
	}
	if len(r.waiting) == 0 {
		r.heardAll()
	}
	return r.resyncGen, r.heard
}

// endResync closes window gen (a later log-in's window is left alone) and
// returns the contacts never heard from: offline now.
func (r *rosterState) endResync(gen int) []PresenceEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	if gen != r.resyncGen || r.waiting == nil {
		return nil
	}
	var out []PresenceEvent
	for bare := range r.waiting {
		e := r.items[bare]
		if e == nil {
			continue
		}
		// Its old status text says nothing now.
		e.contact.StatusText = ""
		now := shownPresence{show: ShowOffline}
		e.told = &now
		out = append(out, PresenceEvent{From: bare, Show: ShowOffline, Unheard: true})
	}
	r.waiting = nil
	return out
}

// openResync gives the window a session left open when its stream ended
// before the window did: a stream resumed after that session goes on
// waiting in it (resuming only brings what the server had not got
// acknowledged, so contacts may still be unheard).
func (r *rosterState) openResync() (gen int, heard <-chan struct{}, open bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.resyncGen, r.heard, r.waiting != nil
}

// resyncing reports whether a reconnect's window is open.
func (r *rosterState) resyncing() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.waiting != nil
}

// settleResync ends window gen when every contact waited for is heard or
// resyncGrace has passed, and reports the rest offline. A session that
// ends first leaves the window to the next log-in, which waits for the
// same contacts.
func (c *Client) settleResync(gen int, heard <-chan struct{}, ended <-chan struct{}) {
	timer := time.NewTimer(resyncGrace)
	defer timer.Stop()
	select {
	case <-heard:
	case <-timer.C:
	case <-ended:
		return
	case <-c.stop:
		return
	}
	for _, p := range c.roster.endResync(gen) {
		c.bus.publish(p)
	}
}
