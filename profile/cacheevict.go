package profile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// evict removes the least recently used avatars until the cache is within
// its budget of bytes and files; keep (the avatar just written) stays even
// when it alone is over the budget.
func (c Cache) evict(keep string) error {
	maxBytes, maxFiles := c.MaxBytes, c.MaxFiles
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	if maxFiles <= 0 {
		maxFiles = DefaultCacheFiles
	}
	files, total, err := c.list()
	if err != nil {
		return err
	}
	// Oldest first; equal times in name order, so the order is stable.
	slices.SortFunc(files, func(a, b cachedFile) int {
		if d := a.used.Compare(b.used); d != 0 {
			return d
		}
		return strings.Compare(a.name, b.name)
	})
	var errs []error
	count := len(files)
	for _, f := range files {
		if total <= maxBytes && count <= maxFiles {
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
		return fmt.Errorf("avatar cache: evicting: %w", err)
	}
	return nil
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
