package xmppclient

import (
	"testing"
	"time"
)

// refetchRig drives a refetchLimiter by hand: a fake clock, timers that
// fire when the test says, and queued fetches that run when the test says
// (so one can be "in flight"), counting the fetches per JID.
type refetchRig struct {
	l       *refetchLimiter
	now     time.Time
	timers  []rigTimer
	queued  []func()
	fetched map[string]int
}

type rigTimer struct {
	at time.Time
	f  func()
}

func newRefetchRig() *refetchRig {
	r := &refetchRig{now: time.Unix(1_000_000, 0), fetched: map[string]int{}}
	r.l = newRefetchLimiter(func(_ string, f func()) { r.queued = append(r.queued, f) }, func(jid string) { r.fetched[jid]++ })
	r.l.now = func() time.Time { return r.now }
	r.l.after = func(d time.Duration, f func()) { r.timers = append(r.timers, rigTimer{at: r.now.Add(d), f: f}) }
	return r
}

// runQueued runs the fetches queued so far (and not those they queue).
func (r *refetchRig) runQueued() {
	q := r.queued
	r.queued = nil
	for _, f := range q {
		f()
	}
}

// advance moves the clock and fires the timers due.
func (r *refetchRig) advance(d time.Duration) {
	r.now = r.now.Add(d)
	var left []rigTimer
	var due []func()
	for _, t := range r.timers {
		if !t.at.After(r.now) {
			due = append(due, t.f)
		} else {
			left = append(left, t)
		}
	}
	r.timers = left
	for _, f := range due {
		f()
	}
}

// Many requests while one fetch is queued or running make one fetch more
// after it, not one each.
func TestRefetchCoalescesWhileInFlight(t *testing.T) {
	r := newRefetchRig()
	const a = "a@example.org"
	r.l.request(a)
	for i := 0; i < 100; i++ {
		r.l.request(a)
	}
	if len(r.queued) != 1 {
		t.Fatalf("%d fetches queued for 101 requests while the first is in flight, want 1", len(r.queued))
	}
	r.advance(refetchEvery) // the follow-up waits out the interval
	r.runQueued()
	if r.fetched[a] != 1 {
		t.Fatalf("%d fetches ran, want 1", r.fetched[a])
	}
	// The one follow-up, started when the first ended (its interval was
	// over by then).
	r.runQueued()
	if got := r.fetched[a]; got != 2 {
		t.Fatalf("%d fetches after the follow-up, want 2 (the first and one for all the requests during it)", got)
	}
	if len(r.queued) != 0 || len(r.timers) != 0 {
		t.Fatalf("%d fetches and %d timers left, want none", len(r.queued), len(r.timers))
	}
}

// Requests that come one by one, each after the last fetch ended, are
// bound per contact: within one interval, one fetch runs and one more at
// its end however many came; another contact is not held back.
func TestRefetchRateBoundPerContact(t *testing.T) {
	r := newRefetchRig()
	const a, b = "a@example.org", "b@example.org"
	r.l.request(a)
	r.runQueued()
	for i := 0; i < 50; i++ {
		r.advance(refetchEvery / 100)
		r.l.request(a)
		r.runQueued()
	}
	if r.fetched[a] != 1 {
		t.Fatalf("%d fetches of a within half an interval, want 1", r.fetched[a])
	}
	r.l.request(b)
	r.runQueued()
	if r.fetched[b] != 1 {
		t.Fatalf("b was held back by a's bound: %d fetches", r.fetched[b])
	}
	r.advance(refetchEvery)
	r.runQueued()
	if r.fetched[a] != 2 {
		t.Fatalf("%d fetches of a after the interval, want 2 (the 50 requests made one)", r.fetched[a])
	}
	// A minute of a request every 10 ms: at most one fetch per interval
	// (and the first).
	start := r.fetched[a]
	for i := 0; i < 6000; i++ {
		r.advance(10 * time.Millisecond)
		r.l.request(a)
		r.runQueued()
	}
	if got, most := r.fetched[a]-start, int(time.Minute/refetchEvery)+1; got > most || got < most-1 {
		t.Fatalf("%d fetches in a minute of requests, want about %d (one per %v)", got, most, refetchEvery)
	}
	// Quiet for an interval: the next request is fetched at once.
	r.advance(refetchEvery)
	r.runQueued()
	n := r.fetched[a]
	r.advance(refetchEvery)
	r.l.request(a)
	if len(r.queued) != 1 {
		t.Fatal("a request after a quiet interval was not fetched at once")
	}
	r.runQueued()
	if r.fetched[a] != n+1 {
		t.Fatalf("%d fetches, want %d", r.fetched[a], n+1)
	}
}

// A photo hash seen again is no change: no refetch. (The hash rules of
// onPhotoHash decide what is a change; the limiter only what it costs.)
func TestPhotoHashRefetchOncePerChange(t *testing.T) {
	c := New(Config{JID: "me@example.org"})
	r := newRefetchRig()
	c.profiles.refetchOnce.Do(func() { c.profiles.refetch = r.l })
	const a = "a@example.org"
	c.onPhotoHash(a, "h1") // first hash: recorded only
	for i := 0; i < 10; i++ {
		c.onPhotoHash(a, "h2")
	}
	r.runQueued()
	if r.fetched[a] != 1 {
		t.Fatalf("%d refetches for one change seen ten times, want 1", r.fetched[a])
	}
	r.advance(refetchEvery)
	r.runQueued()
	if r.fetched[a] != 1 || len(r.timers) != 0 {
		t.Fatalf("%d refetches and %d timers after the interval, want 1 and none", r.fetched[a], len(r.timers))
	}
}
