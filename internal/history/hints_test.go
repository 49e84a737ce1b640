package history

import (
	"context"
	"os"
	"testing"
)

func hints(t *testing.T, d *DB) Hints {
	t.Helper()
	h, ok := ReadHints(d.path)
	if !ok {
		t.Fatal("no hints")
	}
	return h
}

// The hints follow the database: the newest archive id as messages with
// one are stored, the outbox flag set by a pending message and cleared by
// an outbox read that finds nothing waiting.
func TestHintsFollowTheDatabase(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	if h := hints(t, d); h != (Hints{}) {
		t.Fatalf("a new database hints %+v", h)
	}
	mustStore(t, d, Message{Peer: bob, Direction: In, Body: "one", Time: t0, StanzaID: "s1", StanzaBy: "me@example.org"})
	mustStore(t, d, Message{Peer: bob, Direction: In, Body: "live", Time: t0.Add(2e9)})
	if h := hints(t, d); h.NewestArchived != "s1" || h.By != "me@example.org" || h.Outbox {
		t.Fatalf("after an archived message: %+v", h)
	}
	out := mustStore(t, d, Message{Peer: bob, Direction: Out, Body: "waits", Time: t0.Add(3e9)})
	if !hints(t, d).Outbox {
		t.Fatal("a pending message left the outbox flag clear")
	}
	if ms, err := d.Pending(ctx); err != nil || len(ms) != 1 || !hints(t, d).Outbox {
		t.Fatalf("an outbox read that found %d (%v) left the flag %v", len(ms), err, hints(t, d).Outbox)
	}
	if _, err := d.UpdateState(ctx, out.ID, Sent, ""); err != nil {
		t.Fatal(err)
	}
	if ms, err := d.Pending(ctx); err != nil || len(ms) != 0 || hints(t, d).Outbox {
		t.Fatalf("an outbox read that found nothing (%d, %v) left the flag %v", len(ms), err, hints(t, d).Outbox)
	}
}

// Without its hints a database is asked again on opening; hints left by
// a database removed by hand are no hints.
func TestHintsAreRebuiltOrDropped(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	mustStore(t, d, Message{Peer: bob, Direction: In, Body: "one", Time: t0, StanzaID: "s1", StanzaBy: "me@example.org"})
	mustStore(t, d, Message{Peer: bob, Direction: Out, Body: "waits", Time: t0.Add(1e9)})
	path := d.path
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(hintsPath(path)); err != nil {
		t.Fatal(err)
	}
	d, err := OpenPath(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if h := hints(t, d); h.NewestArchived != "s1" || !h.Outbox {
		t.Fatalf("rebuilt hints %+v", h)
	}
	_ = d.Close()
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		_ = os.Remove(f)
	}
	if h, ok := ReadHints(path); ok {
		t.Fatalf("hints %+v of a removed database", h)
	}
	d, err = OpenPath(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if h := hints(t, d); h != (Hints{}) {
		t.Fatalf("a database made again hints %+v", h)
	}
}
