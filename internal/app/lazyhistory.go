package app

import (
	"context"
	"errors"
	"sync"

	"github.com/parley-im/parley/internal/history"
)

// lazyHistory is an account's history opened on first use: a log-in with
// nothing to store or read leaves SQLite closed (about 3 MiB of code and
// caches, BENCHMARKS.md), and what the log-in needs to know of the
// history (where the catch-up starts, whether the outbox waits) comes from
// the history's hints file.
type lazyHistory struct {
	path string

	mu     sync.Mutex
	db     *history.DB
	closed bool
}

var errHistoryClosed = errors.New("the history is closed")

// get opens the history when it is not open yet.
func (l *lazyHistory) get(ctx context.Context) (*history.DB, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, errHistoryClosed
	}
	if l.db == nil {
		db, err := history.OpenPath(ctx, l.path)
		if err != nil {
			return nil, err
		}
		l.db = db
	}
	return l.db, nil
}

// hints are the history's hints; ok is false when there are none (then
// open it and ask it).
func (l *lazyHistory) hints() (history.Hints, bool) { return history.ReadHints(l.path) }

// close closes the history if it was opened; later gets fail.
func (l *lazyHistory) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	if l.db == nil {
		return nil
	}
	return l.db.Close()
}
