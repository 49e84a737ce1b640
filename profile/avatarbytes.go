package profile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A contact's avatar is kept on disk, not in memory: a roster of 1,000
// contacts with ordinary 10–30 KB avatars would otherwise hold 10–30 MB of
// image bytes that only the profile on screen needs. Such an Avatar has
// Path (its file in the avatar cache) and no Data; Bytes reads it when it
// is drawn.

// ErrAvatarGone is Bytes' error when the cached file of an avatar without
// Data is missing or no longer the avatar (the cache's budget removed it,
// or it was damaged).
var ErrAvatarGone = errors.New("the cached avatar is gone")

// HasBytes reports whether the avatar's bytes are at hand: in Data, or in
// the cached file at Path.
func (a Avatar) HasBytes() bool { return len(a.Data) > 0 || a.Path != "" }

// Bytes returns the avatar's image bytes: Data, else the cached file at
// Path, checked against ID as the cache checks its files. It returns nil
// and no error when there are none.
func (a Avatar) Bytes() ([]byte, error) {
	if len(a.Data) > 0 || a.Path == "" {
		return a.Data, nil
	}
	data, err := readCached(a.Path, strings.ToLower(a.ID))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAvatarGone, err)
	}
	return data, nil
}

// Lookup returns the path of the avatar cached under id without reading
// it (Bytes checks it when it is read); ok is false when there is none.
func (c Cache) Lookup(id string) (path string, ok bool) {
	id = strings.ToLower(id)
	if !IsAvatarID(id) || c.Dir == "" {
		return "", false
	}
	path = filepath.Join(c.Dir, id)
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 || fi.Size() > MaxImageBytes {
		return "", false
	}
	touch(path)
	return path, true
}
