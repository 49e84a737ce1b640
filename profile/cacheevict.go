package profile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// touch marks path as used now. The modification time is set rather than
// relying on the access time, which relatime and noatime mounts do not
// keep, and from time.Now, whose resolution is finer than the kernel's
// file clock, so two uses in a row are ordered.
func touch(path string) {
	now := time.Now()
	_ = os.Chtimes(path, now, now)
}

// staleTemp is how old a temporary file must be before eviction takes it
// for the remains of a Put that never finished (a crash between create
// and rename), not one in progress.
const staleTemp = time.Hour

type cachedFile struct {
	name string
	size int64
	used time.Time
}

// Listing the directory costs a stat of every cached file, and Put used
// to list it after every write: the 1,000 avatars of a first log-in with
// 1,000 contacts cost 1.4 s and 316 MB of garbage that way (1,000 Puts of
// 10 KB into an empty cache, measured once). A tally per directory of what
// the last listing found, plus what this process wrote since, lets a Put
// list only when the budget may be reached, and at least every
// relistEvery writes, because other Parley processes (a command beside
// the UI) write to the same cache.
const relistEvery = 64

type cacheTally struct {
	mu     sync.Mutex
	listed bool
	files  int
	bytes  int64
	writes int // since the last listing
	// listings counts the listings Put made, for the test that keeps them
	// rare.
	listings int
}

var cacheTallies sync.Map // directory → *cacheTally

// wrote counts a new file of size bytes under id and evicts when the
// tally says the budget may be passed (or the listing is old).
func (c Cache) wrote(id string, size int64) error {
	maxBytes, maxFiles := c.budget()
	v, _ := cacheTallies.LoadOrStore(c.Dir, &cacheTally{})
	t := v.(*cacheTally)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.files, t.bytes, t.writes = t.files+1, t.bytes+size, t.writes+1
	if t.listed && t.writes < relistEvery && t.files <= maxFiles && t.bytes <= maxBytes {
		return nil
	}
	t.listings++
	files, total, err := c.evict(id)
	if err != nil {
		t.listed = false // list again on the next write
		return err
	}
	t.listed, t.files, t.bytes, t.writes = true, files, total, 0
	return nil
}

func (c Cache) budget() (maxBytes int64, maxFiles int) {
	maxBytes, maxFiles = c.MaxBytes, c.MaxFiles
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	if maxFiles <= 0 {
		maxFiles = DefaultCacheFiles
	}
	return maxBytes, maxFiles
}

// evict removes, when the cache is over its budget of bytes or files, the
// least recently used avatars until it is a tenth below; keep (the avatar
// just written) stays even when it alone is over the budget. It returns
// what is left.
func (c Cache) evict(keep string) (count int, total int64, err error) {
	maxBytes, maxFiles := c.budget()
	files, total, err := c.list()
	if err != nil {
		return 0, 0, err
	}
	// Oldest first; equal times in name order, so the order is stable.
	slices.SortFunc(files, func(a, b cachedFile) int {
		if d := a.used.Compare(b.used); d != 0 {
			return d
		}
		return strings.Compare(a.name, b.name)
	})
	var errs []error
	count = len(files)
	if total <= maxBytes && count <= maxFiles {
		return count, total, nil
	}
	// Past the budget, down to a tenth below it: a full cache would
	// otherwise be listed again at its next write.
	lowBytes, lowFiles := maxBytes-maxBytes/10, maxFiles-maxFiles/10
	for _, f := range files {
		if total <= lowBytes && count <= lowFiles {
			break
		}
		if f.name == keep {
			continue
		}
		if err := os.Remove(filepath.Join(c.Dir, f.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		total -= f.size
		count--
	}
	if err := errors.Join(errs...); err != nil {
		return count, total, fmt.Errorf("avatar cache: evicting: %w", err)
	}
	return count, total, nil
}

// list returns the cached avatars and their total size, and removes stale
// temporary files on the way.
func (c Cache) list() ([]cachedFile, int64, error) {
	entries, err := os.ReadDir(c.Dir)
	if err != nil {
		return nil, 0, fmt.Errorf("avatar cache: %w", err)
	}
	var files []cachedFile
	var total int64
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || !fi.Mode().IsRegular() {
			continue // gone meanwhile (another Put evicting), or not ours
		}
		name := e.Name()
		if !IsAvatarID(name) {
			if strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp") && time.Since(fi.ModTime()) > staleTemp {
				_ = os.Remove(filepath.Join(c.Dir, name))
			}
			continue
		}
		files = append(files, cachedFile{name: name, size: fi.Size(), used: fi.ModTime()})
		total += fi.Size()
	}
	return files, total, nil
}
