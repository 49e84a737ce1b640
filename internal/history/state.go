package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
)

// rank orders the states of an outgoing message on its way; a message
// only moves forward (a late server ack does not undo a receipt).
var rank = map[State]int{Pending: 0, Sent: 1, Acked: 2, Delivered: 3, Failed: 4, Received: -1}

// advances reports whether a message in state from may move to to.
func advances(from, to State) bool {
	switch {
	case from == Received || to == Received:
		return false // incoming messages have no delivery state
	case to == Failed:
		return from != Delivered // a receipt proves it arrived
	case from == Failed:
		// Pending is a retry; a receipt after a bounce means it arrived.
		return to == Pending || to == Delivered
	default:
		return rank[to] > rank[from]
	}
}

// UpdateState moves the message with local id to st (errText is kept only
// for Failed) and returns it. A move backwards (Acked after Delivered, say)
// or a state for an incoming message changes nothing and is no error.
func (d *DB) UpdateState(ctx context.Context, id string, st State, errText string) (Message, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return Message{}, fmt.Errorf("%w: id %q", ErrNotFound, id)
	}
	return d.update(ctx, st, errText, `id = ?`, n)
}

// UpdateStateByRef is UpdateState for the outgoing message to peer whose
// stanza id attribute or origin-id is ref, as a receipt (XEP-0184) or an
// error reply names it. Only a message to peer matches, so no one else
// can mark it.
func (d *DB) UpdateStateByRef(ctx context.Context, peer, ref string, st State, errText string) (Message, error) {
	if ref == "" {
		return Message{}, fmt.Errorf("%w: empty reference", ErrNotFound)
	}
	return d.update(ctx, st, errText,
		`id = (SELECT id FROM messages WHERE message_id != '' AND peer = ?1 AND message_id = ?2 AND direction = 'out'
			UNION ALL SELECT id FROM messages WHERE origin_id != '' AND peer = ?1 AND direction = 'out' AND origin_id = ?2
			ORDER BY id DESC LIMIT 1)`, peer, ref)
}

func (d *DB) update(ctx context.Context, st State, errText, where string, args ...any) (Message, error) {
	if _, ok := rank[st]; !ok {
		return Message{}, fmt.Errorf("%w: state %q", ErrInvalid, st)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return Message{}, fmt.Errorf("update a message's state: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	m, err := scan(tx.QueryRowContext(ctx, `SELECT `+columns+` FROM messages WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, ErrNotFound
	}
	if err != nil {
		return Message{}, fmt.Errorf("read a message's state: %w", err)
	}
	if !advances(m.State, st) {
		return m, nil
	}
	if st != Failed {
		errText = ""
	}
	if _, err := tx.ExecContext(ctx, `UPDATE messages SET state = ?, error = ? WHERE id = ?`, st, errText, m.ID); err != nil {
		return Message{}, fmt.Errorf("update a message's state: %w", err)
	}
	m.State, m.Error = st, errText
	return m, commit(tx)
}
