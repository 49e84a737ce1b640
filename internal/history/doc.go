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
// Search uses SQLite's FTS5 (built into modernc's driver; a test checks
// it) with the unicode61 tokenizer: every word of the query must occur, as
// a word or the start of one.
//
// The package knows nothing of XMPP sessions or the UI: the caller decides
// what to store and when.
package history
