package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/parley-im/parley/internal/xdg"
	"github.com/parley-im/parley/keystore"
)

// Direction says who sent a message.
type Direction string

const (
	In  Direction = "in"  // from the peer (or another of their resources)
	Out Direction = "out" // from this account, any resource
)

// State is where a message is on its way.
type State string

const (
	Pending   State = "pending"   // stored, not yet handed to the server
	Sent      State = "sent"      // written to the stream
	Acked     State = "acked"     // the server acknowledged it (XEP-0198)
	Delivered State = "delivered" // the peer's client confirmed it (XEP-0184)
	Failed    State = "failed"    // bounced; Message.Error says why
	Received  State = "received"  // an incoming message
)

// Message is one stored message.
type Message struct {
	ID        string    // local id, stable; pass it to Before to page up
	Peer      string    // bare JID of the chat
	From      string    // sender as received or sent (may carry a resource)
	To        string    // recipient as received or sent
	Body      string    // text
	Time      time.Time // when it was sent (the archive's or delay's time), UTC
	Direction Direction // In or Out
	State     State     // Received for incoming messages
	Error     string    // the server's reason, for Failed
	StanzaID  string    // XEP-0359 stanza-id given by the archive or server
	StanzaBy  string    // the by attribute of StanzaID
	OriginID  string    // XEP-0359 origin-id
	MessageID string    // the stanza's id attribute
}

// DB is one account's open message database. Its methods are safe for
// concurrent use.
type DB struct {
	db   *sql.DB
	path string
}

// busyTimeout is how long a statement waits for another connection (the
// UI and a one-shot command may share the file) before giving up.
const busyTimeout = 5 * time.Second

// Dir is $XDG_DATA_HOME/parley/history.
func Dir() (string, error) {
	d, err := xdg.Data()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "history"), nil
}

// Path is the database file of account: Dir()/<bare-jid>.db. The bare JID
// is path-escaped, which leaves an ordinary address as it is and keeps a
// '/', '?', '%' or non-ASCII letter out of the file name.
func Path(account string) (string, error) {
	bare, err := keystore.NormalizeJID(account)
	if err != nil {
		return "", err
	}
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, url.PathEscape(bare)+".db"), nil
}

// Open opens (creating when missing) the database of account and brings
// its schema up to date.
func Open(ctx context.Context, account string) (*DB, error) {
	p, err := Path(account)
	if err != nil {
		return nil, err
	}
	return OpenPath(ctx, p)
}

// OpenPath opens the database at path, creating it (and its directory,
// 0700) when missing. The file is made 0600 before SQLite opens it, and
// SQLite gives the -wal and -shm files the same mode.
func OpenPath(ctx context.Context, path string) (*DB, error) {
	if strings.Contains(path, "?") {
		// The driver reads '?' as the start of its options.
		return nil, fmt.Errorf("open history %s: the path must not contain '?'", path)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the history folder: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("restrict the history folder: %w", err)
	}
	_, statErr := os.Stat(path)
	made := errors.Is(statErr, fs.ErrNotExist)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	_ = f.Close()
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		// Tightens files an older run or a copy left more open.
		if err := os.Chmod(f, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("restrict history %s: %w", f, err)
		}
	}
	// The pragmas run on every new connection of the pool; synchronous=FULL
	// makes a commit durable in WAL mode, not only atomic. Immediate
	// transactions take the write lock at BEGIN, so a read-then-write
	// transaction (Store) waits for the busy timeout instead of failing.
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	d := &DB{db: db, path: path}
	if err := d.init(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	if _, ok := ReadHints(path); made || !ok {
		if made {
			_ = removeHints(path) // a database removed by hand left them
		}
		if err := d.refreshHints(ctx); err != nil {
			_ = removeHints(path)
		}
	}
	return d, nil
}

func (d *DB) init(ctx context.Context) error {
	var mode string
	if err := d.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("read the journal mode: %w", err)
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, want wal", mode)
	}
	return migrate(ctx, d.db)
}

// Path is the file the database lives in.
func (d *DB) Path() string { return d.path }

// Close closes the database. Every stored message is already on disk.
func (d *DB) Close() error {
	if err := d.db.Close(); err != nil {
		return fmt.Errorf("close history %s: %w", d.path, err)
	}
	return nil
}

// Remove deletes the database of account with its -wal and -shm files
// (for `logout --forget`). Close any open DB of the account first. A
// missing file is no error.
func Remove(account string) error {
	p, err := Path(account)
	if err != nil {
		return err
	}
	return RemovePath(p)
}

// RemovePath deletes the database at path with its -wal, -shm and hints
// files.
func RemovePath(path string) error {
	for _, f := range []string{path, path + "-wal", path + "-shm", hintsPath(path)} {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove history: %w", err)
		}
	}
	return nil
}

// Exists reports whether account has a database file, so that a reader
// (parley history) need not create one.
func Exists(account string) (bool, error) {
	p, err := Path(account)
	if err != nil {
		return false, err
	}
	_, err = os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("look for history %s: %w", p, err)
	}
	return true, nil
}
