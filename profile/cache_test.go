package profile

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCachePutGet(t *testing.T) {
	c := Cache{Dir: filepath.Join(t.TempDir(), "parley", "avatars")}
	data := fixture(t, "avatar-48.png")
	if _, _, ok := c.Get(pngID); ok {
		t.Fatal("empty cache has the avatar")
	}
	path, err := c.Put(strings.ToUpper(pngID), data)
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(c.Dir, pngID) {
		t.Fatalf("path %s", path)
	}
	got, gotPath, ok := c.Get(pngID)
	if !ok || gotPath != path || !bytes.Equal(got, data) {
		t.Fatalf("Get: ok=%v path=%s", ok, gotPath)
	}
	for p, want := range map[string]os.FileMode{c.Dir: 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s mode %v, want %v", p, fi.Mode().Perm(), want)
		}
	}
	// Putting it again is fine and leaves no temporary files.
	if _, err := c.Put(pngID, data); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(c.Dir)
	if len(entries) != 1 {
		t.Fatalf("%d files in the cache", len(entries))
	}
}

func TestCacheRefuses(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	data := fixture(t, "avatar-48.png")
	for _, id := range []string{"../../etc/passwd", "", pngID + "/x", pngID[:39], "g" + pngID[1:], "/" + pngID[1:]} {
		_, err := c.Put(id, data)
		wantCode(t, err, codeBadRequest)
		if _, _, ok := c.Get(id); ok {
			t.Fatalf("Get(%q) ok", id)
		}
	}
	// The data must be the announced avatar.
	_, err := c.Put(pngID, data[1:])
	wantMalformed(t, err)
	_, err = c.Put(AvatarID(make([]byte, MaxImageBytes+1)), make([]byte, MaxImageBytes+1))
	wantCode(t, err, codeTooLarge)
	entries, _ := os.ReadDir(c.Dir)
	if len(entries) != 0 {
		t.Fatalf("%d files written", len(entries))
	}
	_, err = Cache{}.Put(pngID, data)
	wantCode(t, err, codeInternal)
}

func TestCacheDropsDamagedFile(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	path := filepath.Join(c.Dir, pngID)
	if err := os.WriteFile(path, []byte("not the avatar"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := c.Get(pngID); ok {
		t.Fatal("damaged file returned")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("damaged file kept: %v", err)
	}
}

func TestCacheUnwritable(t *testing.T) {
	// A directory that cannot be made (a file is in the way) fails even
	// for root.
	file := writeTemp(t, "file", []byte("x"))
	_, err := Cache{Dir: filepath.Join(file, "avatars")}.Put(pngID, fixture(t, "avatar-48.png"))
	wantCode(t, err, codeInternal)
}

func TestDefaultCache(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", xdg)
	c, err := DefaultCache()
	if err != nil || c.Dir != filepath.Join(xdg, "parley", "avatars") {
		t.Fatalf("got %q, %v", c.Dir, err)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, v := range []string{"", "relative/cache"} {
		t.Setenv("XDG_CACHE_HOME", v)
		c, err = DefaultCache()
		if err != nil || c.Dir != filepath.Join(home, ".cache", "parley", "avatars") {
			t.Fatalf("XDG_CACHE_HOME=%q: got %q, %v", v, c.Dir, err)
		}
	}
}
