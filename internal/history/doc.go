// Package history owns the local message database: one SQLite file per
// account at $XDG_DATA_HOME/parley/history/<bare-jid>.db (directory 0700,
// files 0600), opened with modernc.org/sqlite so the binary stays pure Go
// and static.
//
// The database runs in WAL mode with synchronous=FULL, so Store has
// committed to disk before it returns: the app stores a message before it
// shows it. A busy timeout lets the UI and a one-shot command (parley
// history) share the file. The schema is versioned with PRAGMA
// user_version; migrations (schema.go) is an ordered list and a later
// version appends one entry.
//
// Store deduplicates by XEP-0359 ids: a message whose stanza-id (with the
// same by) or origin-id (with the same peer and direction) is already
// stored is not stored twice, so archive catch-up, carbons and resumption
// may hand the same message over more than once. StoreAll stores a batch
// (an archive page) with one commit.
//
// Times are stored in whole seconds, and within a second the local id
// (the order of arrival) decides: servers stamp the messages they kept to
// the second. Of the server's two copies of one message (offline and
// archive) the earlier stamp is kept.
//
// Beside the database a small hints file (hints.go) tells a log-in the
// newest archive id and whether the outbox waits, so that a log-in with
// nothing new need not open SQLite.
//
// Search uses SQLite's FTS5 (built into modernc's driver; a test checks
// it) with the unicode61 tokenizer: every word of the query must occur, as
// a word or the start of one.
//
// The package knows nothing of XMPP sessions or the UI: the caller decides
// what to store and when.
package history
