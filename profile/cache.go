package profile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/parley-im/parley/internal/xdg"
)

// Cache keeps avatars on disk by id (the SHA-1 hex of their bytes), so
// that an avatar is fetched once however often its hash is announced. The
// file name is the id: content-addressed, so a file never changes once
// written. A contact can publish avatar after avatar, so the cache has a
// budget in bytes and in files: after each write the least recently used
// files go (a file's modification time is when it was last used).
type Cache struct {
	Dir string
	// MaxBytes and MaxFiles bound the cache; 0 means DefaultCacheBytes and
	// DefaultCacheFiles.
	MaxBytes int64
	MaxFiles int
}

// DefaultCacheBytes and DefaultCacheFiles are the cache's budget: room for
// thousands of ordinary avatars and for five of the largest accepted.
const (
	DefaultCacheBytes = 50 << 20
	DefaultCacheFiles = 2000
)

// DefaultCache is the cache under $XDG_CACHE_HOME/parley/avatars, or
// ~/.cache/parley/avatars when XDG_CACHE_HOME is unset or not absolute.
// The directory is created on the first Put.
func DefaultCache() (Cache, error) {
	base, err := xdg.Cache()
	if err != nil {
		return Cache{}, fmt.Errorf("%w: %w", ErrNoCacheDir, err)
	}
	return Cache{Dir: filepath.Join(base, "avatars")}, nil
}

// Get returns a cached avatar and its path. ok is false when id is not a
// valid avatar id, nothing is cached under it, or the cached file is
// damaged (its SHA-1 no longer matches; it is then removed).
func (c Cache) Get(id string) (data []byte, path string, ok bool) {
	id = strings.ToLower(id)
	if !IsAvatarID(id) || c.Dir == "" {
		return nil, "", false
	}
	path = filepath.Join(c.Dir, id)
	data, err := readCached(path, id)
	if err != nil {
		return nil, "", false
	}
	return data, path, true
}

// readCached reads the cached file at path, which must be the avatar id
// (lower case): one too large or no longer that avatar is removed. A use
// marks the file as recently used.
func readCached(path, id string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxImageBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxImageBytes || AvatarID(data) != id {
		_ = os.Remove(path)
		return nil, errors.New("not the avatar " + id)
	}
	touch(path) // a read-only cache still serves; it just forgets order
	return data, nil
}

// Put stores data under id and returns its path. id must be 40 hex digits
// (anything else, such as a path, is refused) and the SHA-1 of data (else
// the error from VerifyAvatar). The file is written to a temporary name
// and renamed, so a reader never sees half an avatar; the directory is
// private to the user (0700, files 0600).
func (c Cache) Put(id string, data []byte) (string, error) {
	id = strings.ToLower(id)
	if !IsAvatarID(id) {
		return "", &CacheError{Dir: Sanitize(c.Dir), ID: Sanitize(id), Err: ErrBadAvatarID}
	}
	if len(data) > MaxImageBytes {
		return "", tooLarge("avatar", len(data), MaxImageBytes)
	}
	if err := VerifyAvatar(data, id); err != nil {
		return "", err
	}
	if c.Dir == "" {
		return "", &CacheError{ID: id, Err: ErrNoCacheDir}
	}
	path := filepath.Join(c.Dir, id)
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
		touch(path)
		return path, nil // same id, same bytes: already there
	}
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return "", cacheErr(err, c.Dir)
	}
	tmp, err := os.CreateTemp(c.Dir, "."+id+".*.tmp")
	if err != nil {
		return "", cacheErr(err, c.Dir)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return "", cacheErr(err, c.Dir)
	}
	if err := tmp.Sync(); err != nil {
		return "", cacheErr(err, c.Dir)
	}
	if err := tmp.Close(); err != nil {
		return "", cacheErr(err, c.Dir)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", cacheErr(err, c.Dir)
	}
	done = true
	touch(path)
	if err := c.wrote(id, int64(len(data))); err != nil {
		return path, err // stored; the budget is enforced on the next write
	}
	return path, nil
}

func cacheErr(err error, dir string) error {
	return &CacheError{Dir: Sanitize(dir), Err: err}
}
