package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	m.Time = m.Time.UTC()
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
	m, err = normalize(m)
	if err != nil {
		return m, false, err
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return m, false, fmt.Errorf("store a message: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	old, found, err := findDup(ctx, tx, m)
	if err != nil {
		return m, false, err
	}
	if found {
		if old.StanzaID == "" && m.StanzaID != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE messages SET stanza_id = ?, stanza_by = ? WHERE id = ?`, m.StanzaID, m.StanzaBy, old.ID); err != nil {
				return m, false, fmt.Errorf("store a message's stanza-id: %w", err)
			}
			old.StanzaID, old.StanzaBy = m.StanzaID, m.StanzaBy
		}
		return old, true, commit(tx)
	}
	res, err := tx.ExecContext(ctx, insertSQL, insertArgs(m)...)
	if err != nil {
		return m, false, fmt.Errorf("store a message: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return m, false, fmt.Errorf("store a message: %w", err)
	}
	m.ID = strconv.FormatInt(id, 10)
	return m, false, commit(tx)
}

const insertSQL = `INSERT INTO messages (peer, sender, recipient, body, time, direction, state, error, stanza_id, stanza_by, origin_id, message_id)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func insertArgs(m Message) []any {
	return []any{m.Peer, m.From, m.To, m.Body, m.Time.UnixNano(), m.Direction, m.State, m.Error, m.StanzaID, m.StanzaBy, m.OriginID, m.MessageID}
}

func commit(tx *sql.Tx) error {
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit to history: %w", err)
	}
	return nil
}

// findDup looks m up by stanza-id, then by origin-id. The repeated
// "!= ”" terms let SQLite use the partial indexes.
func findDup(ctx context.Context, tx *sql.Tx, m Message) (Message, bool, error) {
	lookups := []struct {
		key   string
		query string
		args  []any
	}{
		{m.StanzaID, `stanza_id != '' AND stanza_id = ? AND stanza_by = ?`, []any{m.StanzaID, m.StanzaBy}},
		{m.OriginID, `origin_id != '' AND peer = ? AND direction = ? AND origin_id = ?`, []any{m.Peer, m.Direction, m.OriginID}},
	}
	for _, l := range lookups {
		if l.key == "" {
			continue
		}
		old, err := scan(tx.QueryRowContext(ctx, `SELECT `+columns+` FROM messages WHERE `+l.query+` LIMIT 1`, l.args...))
		if err == nil {
			return old, true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return m, false, fmt.Errorf("look for a stored copy: %w", err)
		}
	}
	return m, false, nil
}
