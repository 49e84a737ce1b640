package history

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Hints is what a log-in needs to know of a history without opening it:
// opening costs about 3 MiB of SQLite's code and caches (BENCHMARKS.md),
// and a returning user with nothing new needs neither. The file sits
// beside the database and is kept by every write through this package.
//
// It is a hint and errs on the safe side: a stale archive id costs a
// larger catch-up (what is stored already is a duplicate), and the outbox
// flag is set before a pending message is stored and again after, and
// cleared only before an outbox read that then finds it empty, so it is
// never false while a message waits, even with two processes writing.
type Hints struct {
	// NewestArchived is the archive id of the newest message stored with
	// one, given by By; "" when none is.
	NewestArchived string `json:"newestArchived,omitempty"`
	By             string `json:"by,omitempty"`
	// Outbox: a message may wait in the outbox.
	Outbox bool `json:"outbox"`
}

func hintsPath(db string) string { return db + ".hints" }

// ReadHints reads the hints of the database at path. ok is false when
// there are none or the database itself is missing: then open it.
func ReadHints(path string) (h Hints, ok bool) {
	if _, err := os.Stat(path); err != nil {
		return Hints{}, false
	}
	b, err := os.ReadFile(hintsPath(path))
	if err != nil || json.Unmarshal(b, &h) != nil {
		return Hints{}, false
	}
	return h, true
}

// writeHints replaces the hints file at once (a temporary file renamed
// over it); with sync the data reaches the disk before the rename.
func writeHints(path string, h Hints, sync bool) error {
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".hints-*")
	if err != nil {
		return fmt.Errorf("write history hints: %w", err)
	}
	_, err = f.Write(b)
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), hintsPath(path))
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("write history hints: %w", err)
	}
	return nil
}

// refreshHints writes the hints as the database has them now: on opening
// and after messages with archive ids were stored. The outbox flag is
// kept, and read from the outbox only when there were no hints.
func (d *DB) refreshHints(ctx context.Context) error {
	h, ok := ReadHints(d.path)
	newest, found, err := d.NewestArchived(ctx, "")
	if err != nil {
		return err
	}
	h.NewestArchived, h.By = "", ""
	if found {
		h.NewestArchived, h.By = newest.StanzaID, newest.StanzaBy
	}
	if !ok {
		pending, err := d.pending(ctx)
		if err != nil {
			return err
		}
		h.Outbox = len(pending) > 0
	}
	return writeHints(d.path, h, false)
}

// markOutbox sets the outbox flag, durably: a message is about to wait.
func (d *DB) markOutbox(ctx context.Context) error {
	h, ok := ReadHints(d.path)
	if !ok {
		// No hints to keep: the rest of them from the database first.
		if err := d.refreshHints(ctx); err != nil {
			return err
		}
		h, _ = ReadHints(d.path)
	}
	h.Outbox = true
	return writeHints(d.path, h, true)
}

// afterStore brings the hints up to date after a commit that stored
// archived or pending messages. Should that fail, the hints go: a log-in
// then opens the database and asks it.
func (d *DB) afterStore(ctx context.Context, archived, pending bool) {
	var err error
	if archived {
		err = d.refreshHints(ctx)
	}
	if err == nil && pending {
		err = d.markOutbox(ctx)
	}
	if err != nil {
		_ = removeHints(d.path)
	}
}

// removeHints deletes the hints file; a missing one is no error.
func removeHints(path string) error {
	if err := os.Remove(hintsPath(path)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove history hints: %w", err)
	}
	return nil
}
