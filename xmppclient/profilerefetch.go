package xmppclient

import (
	"sync"
	"time"
)

// refetchEvery is the least time between two full profile refetches of
// one contact: a contact whose presence says "new avatar" a thousand times
// a minute costs at most one fetch per interval (and one IQ round each
// time, not hundreds).
const refetchEvery = 5 * time.Second

// refetchLimiter runs a contact's full profile refetch at most once per
// change, coalescing the requests that come while one is queued, running
// or waiting out the rate bound:
//
//   - a request while none is queued or running starts one, unless the
//     last one started less than every ago: then one is scheduled for
//     when the interval ends, and further requests join it;
//   - a request while one runs asks for one more after it (what it read
//     may predate the change), just one however many come.
//
// The fetch itself goes through run (the profile queue), so the bound on
// concurrent profile work holds too.
type refetchLimiter struct {
	every time.Duration
	now   func() time.Time
	// after calls f once d has passed (time.AfterFunc); tests fake it.
	after func(d time.Duration, f func())
	run   func(jid string, f func()) // queues the fetch (Client.background)
	fetch func(jid string)

	mu    sync.Mutex
	state map[string]*refetchState
}

type refetchState struct {
	queued  bool // started (queued or running), not done
	again   bool // another request came while queued or running
	waiting bool // scheduled for the end of the interval
	last    time.Time
}

// refetchPrune is the size past which idle entries are dropped.
const refetchPrune = 1024

func newRefetchLimiter(run func(string, func()), fetch func(string)) *refetchLimiter {
	return &refetchLimiter{
		every: refetchEvery,
		now:   time.Now,
		after: func(d time.Duration, f func()) { time.AfterFunc(d, f) },
		run:   run,
		fetch: fetch,
		state: map[string]*refetchState{},
	}
}

// request asks for a refetch of jid's profile.
func (l *refetchLimiter) request(jid string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.state[jid]
	if st == nil {
		l.pruneLocked()
		st = &refetchState{}
		l.state[jid] = st
	}
	switch {
	case st.waiting:
		// The scheduled fetch starts later and reads the news then.
	case st.queued:
		st.again = true
	default:
		l.startLocked(jid, st)
	}
}

// startLocked starts a fetch now, or schedules it for the end of the
// interval since the last one.
func (l *refetchLimiter) startLocked(jid string, st *refetchState) {
	if wait := l.every - l.now().Sub(st.last); !st.last.IsZero() && wait > 0 {
		st.waiting = true
		l.after(wait, func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			st.waiting = false
			if !st.queued {
				l.startLocked(jid, st)
			}
		})
		return
	}
	st.queued, st.again, st.last = true, false, l.now()
	l.run(jid, func() {
		l.fetch(jid)
		l.mu.Lock()
		defer l.mu.Unlock()
		st.queued = false
		if st.again {
			st.again = false
			l.startLocked(jid, st)
		}
	})
}

// pruneLocked drops idle entries whose interval is over once there are
// many (presence from many JIDs), so the map stays bounded by the
// contacts that are busy.
func (l *refetchLimiter) pruneLocked() {
	if len(l.state) < refetchPrune {
		return
	}
	now := l.now()
	for jid, st := range l.state {
		if !st.queued && !st.waiting && now.Sub(st.last) >= l.every {
			delete(l.state, jid)
		}
	}
}
