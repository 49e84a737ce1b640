package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// columns is the select list that scan reads, in its order.
const columns = `id, peer, sender, recipient, body, time, direction, state, error, stanza_id, stanza_by, origin_id, message_id`

// rowScanner is *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

func scan(r rowScanner) (Message, error) {
	var m Message
	var id, nanos int64
	err := r.Scan(&id, &m.Peer, &m.From, &m.To, &m.Body, &nanos, &m.Direction, &m.State, &m.Error, &m.StanzaID, &m.StanzaBy, &m.OriginID, &m.MessageID)
	m.ID = strconv.FormatInt(id, 10)
	m.Time = time.Unix(0, nanos).UTC()
	return m, err
}

var (
	minTime = time.Unix(0, 0).UTC()
	maxTime = time.Date(2261, 12, 31, 0, 0, 0, 0, time.UTC)
)

// normalize fills the defaults of a message about to be stored and
// rejects one that cannot be.
func normalize(m Message) (Message, error) {
	if m.Peer == "" {
		return m, fmt.Errorf("%w: no peer", ErrInvalid)
	}
	switch m.Direction {
	case In:
		if m.State == "" {
			m.State = Received
		}
	case Out:
		if m.State == "" {
			m.State = Pending
		}
	default:
		return m, fmt.Errorf("%w: direction %q", ErrInvalid, m.Direction)
	}
	if _, ok := rank[m.State]; !ok || (m.State == Received) != (m.Direction == In) {
		return m, fmt.Errorf("%w: state %q for direction %q", ErrInvalid, m.State, m.Direction)
	}
	if m.Time.IsZero() {
		m.Time = time.Now()
	}
	// Times are stored as Unix nanoseconds; a stamp outside 1970–2261 (a
	// hostile or broken delay) is clamped so it cannot overflow.
	if m.Time.Before(minTime) {
		m.Time = minTime
	}
	if m.Time.After(maxTime) {
		m.Time = maxTime
	}
	// Whole seconds: servers stamp offline and archived messages to the
	// second (Prosody), while a live message is stamped on arrival to the
	// nanosecond; mixed, the messages of a burst archived within the second
	// of the last live one sorted before it. In whole seconds the order
	// within a second is the order of arrival (the local id).
	m.Time = m.Time.UTC().Truncate(time.Second)
	m.ID = ""
	return m, nil
}

// Store saves m and returns it with its ID. When a message with the same
// stanza-id (and by) or the same origin-id (peer and direction) is stored
// already, Store returns that one and dup true instead of storing m again;
// if only m carries the archive's stanza-id, the stored one gets it, so
// NewestArchived sees it. An empty State is Received for In and Pending
// for Out; a zero Time is now. The message is on disk when Store returns.
func (d *DB) Store(ctx context.Context, m Message) (stored Message, dup bool, err error) {
	out, dups, err := d.StoreAll(ctx, []Message{m})
	if err != nil {
		return m, false, err
	}
	return out[0], dups[0], nil
}

// StoreAll is Store for a batch (a page of archive catch-up) in one
// transaction, so one commit (one fsync) covers them all: either every
// message is stored or, on an error, none is. A message that repeats one
// earlier in the batch is a duplicate of it.
func (d *DB) StoreAll(ctx context.Context, ms []Message) (stored []Message, dup []bool, err error) {
	norm := make([]Message, len(ms))
	for i, m := range ms {
		if norm[i], err = normalize(m); err != nil {
			return nil, nil, err
		}
	}
	pending := slices.ContainsFunc(norm, func(m Message) bool { return m.State == Pending })
	if pending {
		// Before the message can wait: a log-in reads the flag (hints.go).
		if err := d.markOutbox(ctx); err != nil {
			return nil, nil, err
		}
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("store messages: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	st, err := prepareStore(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	defer st.close()
	stored, dup = make([]Message, len(ms)), make([]bool, len(ms))
	for i, m := range norm {
		if stored[i], dup[i], err = st.store(ctx, m); err != nil {
			return nil, nil, err
		}
	}
	if err := commit(tx); err != nil {
		return nil, nil, err
	}
	// A duplicate may have got its archive id only now.
	archived := slices.ContainsFunc(stored, func(m Message) bool { return m.StanzaID != "" })
	d.afterStore(ctx, archived, pending)
	return stored, dup, nil
}

// storer holds the statements of one StoreAll, prepared once per batch.
type storer struct {
	tx                            *sql.Tx
	byStanza, byOrigin, ins, text *sql.Stmt
}

func prepareStore(ctx context.Context, tx *sql.Tx) (*storer, error) {
	st := &storer{tx: tx}
	for _, p := range []struct {
		dst   **sql.Stmt
		query string
	}{
		// The repeated "!= ''" terms let SQLite use the partial indexes.
		{&st.byStanza, `SELECT ` + columns + ` FROM messages WHERE stanza_id != '' AND stanza_id = ? AND stanza_by = ? LIMIT 1`},
		{&st.byOrigin, `SELECT ` + columns + ` FROM messages WHERE origin_id != '' AND peer = ? AND direction = ? AND origin_id = ? LIMIT 1`},
		{&st.ins, insertSQL},
		{&st.text, insertTextSQL},
	} {
		s, err := tx.PrepareContext(ctx, p.query)
		if err != nil {
			st.close()
			return nil, fmt.Errorf("prepare to store messages: %w", err)
		}
		*p.dst = s
	}
	return st, nil
}

func (st *storer) close() {
	for _, s := range []*sql.Stmt{st.byStanza, st.byOrigin, st.ins, st.text} {
		if s != nil {
			_ = s.Close()
		}
	}
}

// store stores the normalized m unless it is a duplicate.
func (st *storer) store(ctx context.Context, m Message) (Message, bool, error) {
	old, found, err := st.findDup(ctx, m)
	if err != nil {
		return m, false, err
	}
	if found {
		if old.StanzaID == "" && m.StanzaID != "" {
			if _, err := st.tx.ExecContext(ctx, `UPDATE messages SET stanza_id = ?, stanza_by = ? WHERE id = ?`, m.StanzaID, m.StanzaBy, old.ID); err != nil {
				return m, false, fmt.Errorf("store a message's stanza-id: %w", err)
			}
			old.StanzaID, old.StanzaBy = m.StanzaID, m.StanzaBy
		}
		if m.StanzaID != "" && m.StanzaID == old.StanzaID && m.Time.Before(old.Time) {
			// The server's two copies of one message (offline delivery and
			// the archive) may be stamped a second apart, the offline one
			// later: the earlier stamp is the archive's, whose order the
			// messages around it have.
			if _, err := st.tx.ExecContext(ctx, `UPDATE messages SET time = ? WHERE id = ?`, m.Time.UnixNano(), old.ID); err != nil {
				return m, false, fmt.Errorf("store a message's time: %w", err)
			}
			old.Time = m.Time
		}
		return old, true, nil
	}
	res, err := st.ins.ExecContext(ctx, insertArgs(m)...)
	if err != nil {
		return m, false, fmt.Errorf("store a message: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return m, false, fmt.Errorf("store a message: %w", err)
	}
	if _, err := st.text.ExecContext(ctx, id, m.Body); err != nil {
		return m, false, fmt.Errorf("index a message for search: %w", err)
	}
	m.ID = strconv.FormatInt(id, 10)
	return m, false, nil
}

// findDup looks m up by stanza-id, then by origin-id.
func (st *storer) findDup(ctx context.Context, m Message) (Message, bool, error) {
	lookups := []struct {
		key  string
		stmt *sql.Stmt
		args []any
	}{
		{m.StanzaID, st.byStanza, []any{m.StanzaID, m.StanzaBy}},
		{m.OriginID, st.byOrigin, []any{m.Peer, m.Direction, m.OriginID}},
	}
	for _, l := range lookups {
		if l.key == "" {
			continue
		}
		old, err := scan(l.stmt.QueryRowContext(ctx, l.args...))
		if err == nil {
			return old, true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return m, false, fmt.Errorf("look for a stored copy: %w", err)
		}
	}
	return m, false, nil
}

const insertSQL = `INSERT INTO messages (peer, sender, recipient, body, time, direction, state, error, stanza_id, stanza_by, origin_id, message_id)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// insertTextSQL adds a stored message (rowid, body) to the search index.
// It is a statement of its own, not an insert trigger: a trigger makes
// every insert a statement transaction, and FTS5 writes its pending index
// to disk at each one, which made storing several times slower.
const insertTextSQL = `INSERT INTO messages_fts (rowid, body) VALUES (?, ?)`

func insertArgs(m Message) []any {
	return []any{m.Peer, m.From, m.To, m.Body, m.Time.UnixNano(), m.Direction, m.State, m.Error, m.StanzaID, m.StanzaBy, m.OriginID, m.MessageID}
}

func commit(tx *sql.Tx) error {
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit to history: %w", err)
	}
	return nil
}
