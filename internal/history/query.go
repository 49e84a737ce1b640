package history

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// DefaultLimit is the page size when a caller passes a limit <= 0.
const DefaultLimit = 50

func pageSize(limit int) int {
	if limit <= 0 {
		return DefaultLimit
	}
	return limit
}

// Recent returns the newest limit messages of the chat with peer, oldest
// first.
func (d *DB) Recent(ctx context.Context, peer string, limit int) ([]Message, error) {
	ms, err := d.list(ctx, `SELECT `+columns+` FROM messages WHERE peer = ? ORDER BY time DESC, id DESC LIMIT ?`, peer, pageSize(limit))
	if err != nil {
		return nil, fmt.Errorf("read the recent messages: %w", err)
	}
	slices.Reverse(ms)
	return ms, nil
}

// Before returns the limit messages of the chat with peer just older than
// the message beforeID, oldest first: the page above when scrolling up.
// It is ErrNotFound when beforeID is no message of that chat.
func (d *DB) Before(ctx context.Context, peer, beforeID string, limit int) ([]Message, error) {
	n, err := strconv.ParseInt(beforeID, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: id %q", ErrNotFound, beforeID)
	}
	var nanos int64
	err = d.db.QueryRowContext(ctx, `SELECT time FROM messages WHERE id = ? AND peer = ?`, n, peer).Scan(&nanos)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: id %q in the chat with %s", ErrNotFound, beforeID, peer)
	}
	if err != nil {
		return nil, fmt.Errorf("read the message to page from: %w", err)
	}
	// A row-value comparison walks the (peer, time, id) index backwards.
	ms, err := d.list(ctx, `SELECT `+columns+` FROM messages WHERE peer = ? AND (time, id) < (?, ?) ORDER BY time DESC, id DESC LIMIT ?`,
		peer, nanos, n, pageSize(limit))
	if err != nil {
		return nil, fmt.Errorf("read older messages: %w", err)
	}
	slices.Reverse(ms)
	return ms, nil
}

// Search returns the newest limit stored messages whose body has every
// word of text (as a word or the start of one), in the chat with peer or,
// when peer is "", in every chat; oldest first. "Newest" is by the order
// they were stored, which lets FTS5 stop at limit matches.
func (d *DB) Search(ctx context.Context, peer, text string, limit int) ([]Message, error) {
	q := matchQuery(text)
	if q == "" {
		return []Message{}, nil
	}
	query := `SELECT ` + prefixed("m.") + ` FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH ?`
	args := []any{q}
	if peer != "" {
		query += ` AND m.peer = ?`
		args = append(args, peer)
	}
	query += ` ORDER BY messages_fts.rowid DESC LIMIT ?`
	ms, err := d.list(ctx, query, append(args, pageSize(limit))...)
	if err != nil {
		return nil, fmt.Errorf("search the history: %w", err)
	}
	slices.SortFunc(ms, chronological)
	return ms, nil
}

// chronological orders messages as a chat shows them: by time, then in
// the order they were stored.
func chronological(a, b Message) int {
	if c := a.Time.Compare(b.Time); c != 0 {
		return c
	}
	x, _ := strconv.ParseInt(a.ID, 10, 64) // ids are the database's integers
	y, _ := strconv.ParseInt(b.ID, 10, 64)
	return cmp.Compare(x, y)
}

// matchQuery turns what a person typed into an FTS5 query: each word a
// quoted prefix term, all required. Quoting keeps FTS5's operators (AND,
// NEAR, '-', ':', '*') from being read in user text.
func matchQuery(text string) string {
	var terms []string
	for _, w := range strings.Fields(text) {
		if !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue // the tokenizer drops it anyway; an empty phrase is an error
		}
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"*`)
	}
	return strings.Join(terms, " ")
}

// prefixed is columns with every name qualified by p.
func prefixed(p string) string {
	cols := strings.Split(columns, ", ")
	for i, c := range cols {
		cols[i] = p + c
	}
	return strings.Join(cols, ", ")
}

// NewestArchived returns the newest message (by time) that carries a
// stanza-id given by by ("" for any), the point to resume archive
// catch-up from; ok is false when there is none.
func (d *DB) NewestArchived(ctx context.Context, by string) (m Message, ok bool, err error) {
	query := `SELECT ` + columns + ` FROM messages WHERE stanza_id != '' AND stanza_by = ? ORDER BY time DESC, id DESC LIMIT 1`
	args := []any{by}
	if by == "" {
		query = `SELECT ` + columns + ` FROM messages WHERE stanza_id != '' ORDER BY time DESC, id DESC LIMIT 1`
		args = nil
	}
	m, err = scan(d.db.QueryRowContext(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, false, nil
	}
	if err != nil {
		return Message{}, false, fmt.Errorf("read the newest archived message: %w", err)
	}
	return m, true, nil
}

// Pending returns the outgoing messages not yet sent, oldest first: the
// outbox to send once connected.
//
// The hints' outbox flag (hints.go) is cleared before the read and set
// again when the outbox is not empty.
func (d *DB) Pending(ctx context.Context) ([]Message, error) {
	h, ok := ReadHints(d.path)
	if ok && h.Outbox {
		h.Outbox = false
		if err := writeHints(d.path, h, false); err != nil {
			ok = false // the flag stays set
		}
	}
	ms, err := d.pending(ctx)
	if err != nil {
		return nil, err
	}
	if len(ms) > 0 && ok {
		if err := d.markOutbox(ctx); err != nil {
			return nil, err
		}
	}
	return ms, nil
}

func (d *DB) pending(ctx context.Context) ([]Message, error) {
	ms, err := d.list(ctx, `SELECT `+columns+` FROM messages WHERE state = 'pending' ORDER BY time, id`)
	if err != nil {
		return nil, fmt.Errorf("read the outbox: %w", err)
	}
	return ms, nil
}

func (d *DB) list(ctx context.Context, query string, args ...any) ([]Message, error) {
	rows, err := d.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ms := []Message{}
	for rows.Next() {
		m, err := scan(rows)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, rows.Err()
}
