package profile

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// cacheFill puts n distinct files of size bytes (made from tag) into c and
// returns their ids in the order written; after each write it reads back
// the ids in reread, so those stay recently used.
func cacheFill(t *testing.T, c Cache, tag string, n, size int, reread ...string) []string {
	t.Helper()
	var ids []string
	for i := range n {
		data := make([]byte, size)
		copy(data, fmt.Sprintf("%s %d", tag, i))
		id := AvatarID(data)
		if _, err := c.Put(id, data); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		for _, r := range reread {
			if _, _, ok := c.Get(r); !ok {
				t.Fatalf("after write %d: a recently used avatar was evicted", i)
			}
		}
	}
	return ids
}

func cacheUsage(t *testing.T, dir string) (total int64, names map[string]bool) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names = map[string]bool{}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		total += fi.Size()
		names[e.Name()] = true
	}
	return total, names
}

// Writing four times the budget leaves the cache under it, with the most
// recently used files kept: the newest written and one read after every
// write; the oldest others are gone.
func TestCacheEvictsBySize(t *testing.T) {
	const size, budget = 10 << 10, 100 << 10
	c := Cache{Dir: t.TempDir(), MaxBytes: budget}
	first := cacheFill(t, c, "first", 1, size)[0]
	ids := cacheFill(t, c, "flood", 40, size, first)
	total, names := cacheUsage(t, c.Dir)
	if total > budget {
		t.Fatalf("the cache holds %d bytes, over its budget of %d", total, budget)
	}
	if !names[first] {
		t.Fatal("the avatar read after every write was evicted")
	}
	for _, id := range ids[len(ids)-8:] {
		if !names[id] {
			t.Fatalf("a recent avatar was evicted (%d files kept)", len(names))
		}
	}
	for _, id := range ids[:20] {
		if names[id] {
			t.Fatalf("an old, unused avatar survived (%d files kept)", len(names))
		}
	}
	if len(names) < budget/size-1 {
		t.Fatalf("only %d files kept where %d fit", len(names), budget/size)
	}
}

// The number of files is bounded too, whatever their size.
func TestCacheEvictsByCount(t *testing.T) {
	c := Cache{Dir: t.TempDir(), MaxFiles: 5}
	ids := cacheFill(t, c, "small", 12, 64)
	_, names := cacheUsage(t, c.Dir)
	if len(names) != 5 {
		t.Fatalf("%d files kept, want 5", len(names))
	}
	for _, id := range ids[len(ids)-5:] {
		if !names[id] {
			t.Fatalf("a recent avatar was evicted: %v", names)
		}
	}
}

// An avatar bigger than the whole budget is still stored (it is the one
// being shown), and everything else goes.
func TestCacheKeepsTheNewestOverBudget(t *testing.T) {
	c := Cache{Dir: t.TempDir(), MaxBytes: 1000}
	cacheFill(t, c, "small", 3, 300)
	big := cacheFill(t, c, "big", 1, 2000)[0]
	_, names := cacheUsage(t, c.Dir)
	if len(names) != 1 || !names[big] {
		t.Fatalf("kept %v, want only the new avatar", names)
	}
}

// A temporary file left by a Put that never finished is removed once it
// is old; one that may still be in progress is left alone.
func TestCacheRemovesStaleTemporaryFiles(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	stale, fresh := filepath.Join(c.Dir, ".x.1.tmp"), filepath.Join(c.Dir, ".y.2.tmp")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * staleTemp)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	cacheFill(t, c, "one", 1, 64)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatalf("stale temporary file kept: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Fatalf("temporary file in progress removed: %v", err)
	}
}

// Filling an empty cache with the avatars of a large roster lists the
// directory once every relistEvery writes, not after every write (which
// made 1,000 writes cost 1.4 s and 316 MB of garbage), and the budget
// still holds.
func TestCacheListsRarely(t *testing.T) {
	c := Cache{Dir: t.TempDir(), MaxFiles: 150}
	cacheFill(t, c, "roster", 200, 64)
	v, _ := cacheTallies.Load(c.Dir)
	n := v.(*cacheTally).listings
	// Once full, eviction makes room for a tenth of the budget (15 files).
	if limit := 200/relistEvery + 1 + 50/15 + 1; n > limit {
		t.Fatalf("200 writes listed the directory %d times, want at most %d", n, limit)
	}
	if _, names := cacheUsage(t, c.Dir); len(names) > 150 {
		t.Fatalf("%d files cached, budget 150", len(names))
	}
}
