package xmppclient

import "sync"

// profileWorkers bounds how many JIDs have profile work (fetches, merges)
// running at once.
const profileWorkers = 4

// profileQueue runs profile work off the stanza handler, which must not
// wait for replies (the session would deadlock). Work is kept per JID and run in arrival order
// for that JID; at most profileWorkers JIDs are worked on at once.
//
// Why not a goroutine per task: logging in with a large roster brings the
// last PEP items of every contact at once (three nodes each), and a
// goroutine per notification meant thousands of concurrent fetches and
// their stacks (about 100 MiB with 1,000 contacts). The queue is a slice,
// so the handler never blocks on it; workers exist only while there is
// work.
type profileQueue struct {
	stop <-chan struct{} // the client's end: remaining work is dropped

	mu      sync.Mutex
	pending map[string][]func() // per JID, waiting
	ready   []string            // JIDs with pending work and no running worker
	running map[string]bool     // JIDs a worker is on
	workers int
}

func newProfileQueue(stop <-chan struct{}) *profileQueue {
	return &profileQueue{stop: stop, pending: map[string][]func(){}, running: map[string]bool{}}
}

// add queues f for jid, starting a worker when one may start.
func (q *profileQueue) add(jid string, f func()) {
	q.mu.Lock()
	q.pending[jid] = append(q.pending[jid], f)
	if !q.running[jid] && len(q.pending[jid]) == 1 {
		q.ready = append(q.ready, jid)
	}
	start := q.workers < profileWorkers && len(q.ready) > 0
	if start {
		q.workers++
	}
	q.mu.Unlock()
	if start {
		go q.work()
	}
}

// work runs the ready JIDs' tasks until none is left, then ends.
func (q *profileQueue) work() {
	for {
		q.mu.Lock()
		if len(q.ready) == 0 {
			q.workers--
			q.mu.Unlock()
			return
		}
		jid := q.ready[0]
		q.ready = q.ready[1:]
		tasks := q.pending[jid]
		delete(q.pending, jid)
		q.running[jid] = true
		q.mu.Unlock()

		for _, f := range tasks {
			select {
			case <-q.stop:
			default:
				f()
			}
		}

		q.mu.Lock()
		delete(q.running, jid)
		if len(q.pending[jid]) > 0 {
			q.ready = append(q.ready, jid) // more came in meanwhile
		}
		q.mu.Unlock()
	}
}
