package history

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are the schema steps in order: migrations[i] takes the
// database from user_version i to i+1. Never edit a released entry; append
// a new one.
var migrations = []string{
	// 1: messages, their lookup indexes and the full-text index.
	`
CREATE TABLE messages (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	peer         TEXT    NOT NULL,
	sender       TEXT    NOT NULL DEFAULT '',
	recipient    TEXT    NOT NULL DEFAULT '',
	body         TEXT    NOT NULL DEFAULT '',
	time         INTEGER NOT NULL, -- Unix nanoseconds, UTC
	direction    TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
	state        TEXT    NOT NULL,
	error        TEXT    NOT NULL DEFAULT '',
	stanza_id    TEXT    NOT NULL DEFAULT '',
	stanza_by    TEXT    NOT NULL DEFAULT '',
	origin_id    TEXT    NOT NULL DEFAULT '',
	message_id   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX messages_peer_time ON messages (peer, time, id);
CREATE UNIQUE INDEX messages_stanza ON messages (stanza_by, stanza_id) WHERE stanza_id != '';
CREATE UNIQUE INDEX messages_origin ON messages (peer, direction, origin_id) WHERE origin_id != '';
CREATE INDEX messages_msgid ON messages (peer, message_id) WHERE message_id != '';
CREATE INDEX messages_pending ON messages (time, id) WHERE state = 'pending';
CREATE INDEX messages_archived ON messages (stanza_by, time, id) WHERE stanza_id != '';

-- External-content full-text index over body. Store adds each new row
-- (see insertTextSQL for why not a trigger); triggers keep it in step when
-- a row changes or goes.
CREATE VIRTUAL TABLE messages_fts USING fts5 (body, content = 'messages', content_rowid = 'id');
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
	INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
	INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
	INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;
`,
}

// migrate brings db to the newest schema, one transaction per step, so a
// crash mid-way leaves the database at the last finished version. Each
// step reads the version inside its (immediate) transaction, so two
// processes opening a new file at once do not both run a step.
func migrate(ctx context.Context, db *sql.DB) error {
	for {
		done, err := step(ctx, db)
		if err != nil || done {
			return err
		}
	}
}

// step runs the next migration and sets user_version to its number in one
// transaction (user_version lives in the database header, which the
// transaction covers). done is true when there was nothing left to run.
func step(ctx context.Context, db *sql.DB) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate the history schema: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return false, fmt.Errorf("read the history schema version: %w", err)
	}
	switch {
	case v > len(migrations):
		return false, fmt.Errorf("%w: version %d, known up to %d", ErrNewerSchema, v, len(migrations))
	case v == len(migrations):
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
		return false, fmt.Errorf("migrate history to version %d: %w", v+1, err)
	}
	// PRAGMA takes no bound parameters; v+1 is an int of ours.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
		return false, fmt.Errorf("migrate history to version %d: %w", v+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate history to version %d: %w", v+1, err)
	}
	return false, nil
}
