package history

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

const bob, carol = "bob@example.org", "carol@example.org"

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func mustStore(t *testing.T, d *DB, m Message) Message {
	t.Helper()
	s, dup, err := d.Store(context.Background(), m)
	if err != nil || dup {
		t.Fatalf("Store(%+v) = dup %v, %v", m, dup, err)
	}
	return s
}

func count(t *testing.T, d *DB) int {
	t.Helper()
	var n int
	if err := d.db.QueryRow("SELECT count(*) FROM messages").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestStoreDefaultsAndRejects(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	in := mustStore(t, d, Message{Peer: bob, Direction: In, Body: "hi", Time: t0.In(time.FixedZone("x", 3600))})
	out := mustStore(t, d, Message{Peer: bob, Direction: Out, Body: "yo"})
	if in.State != Received || out.State != Pending || in.ID == "" || in.ID == out.ID {
		t.Errorf("defaults: %+v / %+v", in, out)
	}
	got, _ := d.Recent(ctx, bob, 10)
	if len(got) != 2 || !got[0].Time.Equal(t0) || got[0].Time.Location() != time.UTC || got[0] != in {
		t.Errorf("stored %+v, read %+v", in, got)
	}
	far := mustStore(t, d, Message{Peer: carol, Direction: In, Body: "far", Time: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)})
	early := mustStore(t, d, Message{Peer: carol, Direction: In, Body: "early", Time: time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)})
	if got, _ := d.Recent(ctx, carol, 10); len(got) != 2 || got[0] != early || got[1] != far || !far.Time.Equal(maxTime) || !early.Time.Equal(minTime) {
		t.Errorf("out-of-range times: %+v", got)
	}
	for _, bad := range []Message{
		{Direction: In},
		{Peer: bob, Direction: "sideways"},
		{Peer: bob, Direction: In, State: Pending},
		{Peer: bob, Direction: Out, State: Received},
		{Peer: bob, Direction: Out, State: "lost"},
	} {
		if _, _, err := d.Store(ctx, bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("Store(%+v) = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestDedupByStanzaID(t *testing.T) {
	d := openTemp(t)
	first := mustStore(t, d, Message{Peer: bob, Direction: In, Body: "once", StanzaID: "s1", StanzaBy: "alice@example.org"})
	again, dup, err := d.Store(context.Background(), Message{Peer: bob, Direction: In, Body: "once", StanzaID: "s1", StanzaBy: "alice@example.org"})
	if err != nil || !dup || again != first {
		t.Fatalf("second copy: %+v dup %v %v, want %+v", again, dup, err, first)
	}
	// The same id from another archive (a room's) is another message.
	mustStore(t, d, Message{Peer: bob, Direction: In, Body: "other", StanzaID: "s1", StanzaBy: "room@muc.example.org"})
	if n := count(t, d); n != 2 {
		t.Fatalf("%d rows, want 2", n)
	}
}

func TestDedupByOriginID(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	sent := mustStore(t, d, Message{Peer: bob, Direction: Out, Body: "hello", OriginID: "o1", MessageID: "o1"})
	// The archive hands the same message back with its stanza-id.
	copyOf, dup, err := d.Store(ctx, Message{Peer: bob, Direction: Out, Body: "hello", OriginID: "o1", StanzaID: "a9", StanzaBy: "alice@example.org", State: Acked})
	if err != nil || !dup || copyOf.ID != sent.ID || copyOf.State != Pending {
		t.Fatalf("archive copy: %+v dup %v %v", copyOf, dup, err)
	}
	if copyOf.StanzaID != "a9" {
		t.Errorf("the stored copy did not take the archive's stanza-id: %+v", copyOf)
	}
	if n, ok, err := d.NewestArchived(ctx, "alice@example.org"); err != nil || !ok || n.ID != sent.ID {
		t.Errorf("NewestArchived = %+v %v %v", n, ok, err)
	}
	// Same origin-id from another peer, or in the other direction, is
	// another message.
	mustStore(t, d, Message{Peer: carol, Direction: Out, Body: "hello", OriginID: "o1"})
	mustStore(t, d, Message{Peer: bob, Direction: In, Body: "hello", OriginID: "o1"})
	if n := count(t, d); n != 3 {
		t.Fatalf("%d rows, want 3", n)
	}
}

func TestOrderAndPaging(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	// Stored out of order, as archive catch-up does; two share a time.
	var want []string
	for i := 119; i >= 0; i-- {
		mustStore(t, d, Message{Peer: bob, Direction: In, Body: fmt.Sprint(i), Time: t0.Add(time.Duration(i/2*2) * time.Second)})
		mustStore(t, d, Message{Peer: carol, Direction: In, Body: "noise", Time: t0.Add(time.Duration(i) * time.Second)})
	}
	// Same-time pairs keep storage order (the higher number came first).
	for p := 0; p < 120; p += 2 {
		want = append(want, fmt.Sprint(p+1), fmt.Sprint(p))
	}
	// An odd page size splits same-time pairs across pages.
	page, err := d.Recent(ctx, bob, 49)
	if err != nil || len(page) != 49 {
		t.Fatalf("Recent: %d, %v", len(page), err)
	}
	all := page
	for len(page) > 0 {
		page, err = d.Before(ctx, bob, page[0].ID, 49)
		if err != nil {
			t.Fatal(err)
		}
		all = append(page, all...)
	}
	if len(all) != 120 {
		t.Fatalf("paged %d messages, want 120", len(all))
	}
	for i := range all {
		if i > 0 && chronological(all[i-1], all[i]) >= 0 {
			t.Fatalf("out of order at %d: %+v then %+v", i, all[i-1], all[i])
		}
		if all[i].Peer != bob {
			t.Fatalf("another chat's message: %+v", all[i])
		}
	}
	for i := range all {
		if all[i].Body != want[i] {
			t.Fatalf("message %d is %q, want %q", i, all[i].Body, want[i])
		}
	}
	carols, _ := d.Recent(ctx, carol, 1)
	for _, id := range []string{"nope", "999999", carols[0].ID} {
		if _, err := d.Before(ctx, bob, id, 10); !errors.Is(err, ErrNotFound) {
			t.Errorf("Before(%q) = %v, want ErrNotFound", id, err)
		}
	}
}

func TestSearch(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	mustStore(t, d, Message{Peer: bob, Direction: In, Body: "Shall we meet at noon?", Time: t0})
	mustStore(t, d, Message{Peer: bob, Direction: Out, Body: "The meeting moved", Time: t0.Add(time.Minute)})
	mustStore(t, d, Message{Peer: carol, Direction: In, Body: "meet me, café", Time: t0.Add(-time.Minute)})
	mustStore(t, d, Message{Peer: bob, Direction: In, Body: "nothing here", Time: t0.Add(2 * time.Minute)})
	bodies := func(ms []Message) (s []string) {
		for _, m := range ms {
			s = append(s, m.Body)
		}
		return s
	}
	cases := []struct {
		peer, text string
		want       []string
	}{
		{bob, "MEET", []string{"Shall we meet at noon?", "The meeting moved"}},
		{"", "meet", []string{"meet me, café", "Shall we meet at noon?", "The meeting moved"}},
		{bob, "meet noon", []string{"Shall we meet at noon?"}},
		{"", "cafe", []string{"meet me, café"}},
		{bob, "absent", nil},
		{bob, `" NEAR( -x a:b * AND`, nil}, // FTS5 syntax in user text is only text
		{bob, "  ", nil},
	}
	for _, c := range cases {
		got, err := d.Search(ctx, c.peer, c.text, 10)
		if err != nil || fmt.Sprint(bodies(got)) != fmt.Sprint(c.want) {
			t.Errorf("Search(%q, %q) = %q, %v; want %q", c.peer, c.text, bodies(got), err, c.want)
		}
	}
	if got, _ := d.Search(ctx, "", "meet", 1); len(got) != 1 || got[0].Body != "meet me, café" {
		t.Errorf("limit 1 gives %q, want the last stored match", bodies(got))
	}
}

func TestStates(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	m := mustStore(t, d, Message{Peer: bob, Direction: Out, Body: "x", MessageID: "m1", OriginID: "o1"})
	steps := []struct {
		how  func() (Message, error)
		want State
	}{
		{func() (Message, error) { return d.UpdateState(ctx, m.ID, Sent, "") }, Sent},
		{func() (Message, error) { return d.UpdateStateByRef(ctx, bob, "o1", Acked, "") }, Acked},
		{func() (Message, error) { return d.UpdateStateByRef(ctx, bob, "m1", Delivered, "") }, Delivered},
		{func() (Message, error) { return d.UpdateState(ctx, m.ID, Acked, "") }, Delivered},                     // late ack
		{func() (Message, error) { return d.UpdateState(ctx, m.ID, Failed, "service-unavailable") }, Delivered}, // receipt wins
	}
	for i, s := range steps {
		got, err := s.how()
		if err != nil || got.State != s.want {
			t.Fatalf("step %d: %+v, %v; want %s", i, got, err, s.want)
		}
	}
	if got, _ := d.Recent(ctx, bob, 1); got[0].State != Delivered {
		t.Errorf("stored state %s", got[0].State)
	}

	b := mustStore(t, d, Message{Peer: bob, Direction: Out, Body: "bounce", MessageID: "m2"})
	if _, err := d.UpdateStateByRef(ctx, carol, "m2", Failed, "spoofed"); !errors.Is(err, ErrNotFound) {
		t.Errorf("another peer's error reply matched: %v", err)
	}
	got, err := d.UpdateStateByRef(ctx, bob, "m2", Failed, "service-unavailable")
	if err != nil || got.State != Failed || got.Error != "service-unavailable" || got.ID != b.ID {
		t.Errorf("bounce: %+v, %v", got, err)
	}
	if got, _ := d.UpdateState(ctx, b.ID, Pending, "ignored"); got.State != Pending || got.Error != "" {
		t.Errorf("retry: %+v", got)
	}

	in := mustStore(t, d, Message{Peer: bob, Direction: In, Body: "in", MessageID: "m3"})
	if got, err := d.UpdateState(ctx, in.ID, Delivered, ""); err != nil || got.State != Received {
		t.Errorf("incoming message got state: %+v, %v", got, err)
	}
	if _, err := d.UpdateStateByRef(ctx, bob, "m3", Delivered, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("a ref matched an incoming message: %v", err)
	}
	if _, err := d.UpdateState(ctx, "12345", Sent, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	if _, err := d.UpdateState(ctx, m.ID, "lost", ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown state: %v", err)
	}
}

func TestPending(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	second := mustStore(t, d, Message{Peer: carol, Direction: Out, Body: "2", Time: t0.Add(time.Second)})
	first := mustStore(t, d, Message{Peer: bob, Direction: Out, Body: "1", Time: t0})
	mustStore(t, d, Message{Peer: bob, Direction: Out, Body: "sent", State: Sent, Time: t0})
	mustStore(t, d, Message{Peer: bob, Direction: In, Body: "in", Time: t0})
	got, err := d.Pending(ctx)
	if err != nil || len(got) != 2 || got[0].ID != first.ID || got[1].ID != second.ID {
		t.Fatalf("Pending = %+v, %v", got, err)
	}
	if _, err := d.UpdateState(ctx, first.ID, Sent, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.Pending(ctx); len(got) != 1 || got[0].ID != second.ID {
		t.Errorf("Pending after sending one = %+v", got)
	}
	if n, ok, err := d.NewestArchived(ctx, ""); ok || err != nil {
		t.Errorf("NewestArchived with no stanza-ids = %+v %v %v", n, ok, err)
	}
}

// TestConcurrentDuplicates stores the same message from several
// goroutines through two handles on one file (the UI and a command, say):
// exactly one row, every caller gets it.
func TestConcurrentDuplicates(t *testing.T) {
	a := openTemp(t)
	b, err := OpenPath(context.Background(), a.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	const n = 8
	ids := make(chan string, n)
	errs := make(chan error, n)
	for i := range n {
		d := a
		if i%2 == 1 {
			d = b
		}
		go func() {
			m, _, err := d.Store(context.Background(), Message{Peer: bob, Direction: In, Body: "once", StanzaID: "s", StanzaBy: "alice@example.org"})
			ids <- m.ID
			errs <- err
		}()
	}
	first := ""
	for range n {
		id, err := <-ids, <-errs
		if err != nil {
			t.Fatal(err)
		}
		if first == "" {
			first = id
		}
		if id != first {
			t.Errorf("callers got ids %s and %s", first, id)
		}
	}
	if c := count(t, a); c != 1 {
		t.Errorf("%d rows, want 1", c)
	}
}

func TestStoreAll(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	old := mustStore(t, d, Message{Peer: bob, Direction: Out, Body: "mine", OriginID: "o1"})
	page := []Message{
		{Peer: bob, Direction: In, Body: "a", StanzaID: "s1", StanzaBy: "alice@example.org", Time: t0},
		{Peer: bob, Direction: Out, Body: "mine", OriginID: "o1", StanzaID: "s2", StanzaBy: "alice@example.org", Time: t0.Add(time.Second)},
		{Peer: bob, Direction: In, Body: "a", StanzaID: "s1", StanzaBy: "alice@example.org", Time: t0}, // twice in one page
	}
	got, dups, err := d.StoreAll(ctx, page)
	if err != nil || len(got) != 3 || fmt.Sprint(dups) != "[false true true]" || got[1].ID != old.ID || got[2].ID != got[0].ID {
		t.Fatalf("StoreAll = %+v %v %v", got, dups, err)
	}
	if n := count(t, d); n != 2 {
		t.Errorf("%d rows, want 2", n)
	}
	// One bad message stores none of the batch.
	if _, _, err := d.StoreAll(ctx, []Message{{Peer: bob, Direction: In, Body: "b"}, {Direction: In}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad batch: %v", err)
	}
	if n := count(t, d); n != 2 {
		t.Errorf("%d rows after a bad batch, want 2", n)
	}
	// The search index holds exactly the stored rows (FTS5 compares it
	// with the messages table).
	if _, err := d.db.Exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("search index out of step: %v", err)
	}
}

// A live message is stamped on arrival to the nanosecond, the messages
// the server kept while the client was away to the second: within one
// second they are read back in the order they arrived, not with the
// server's earlier-looking stamps first.
func TestOneSecondKeepsTheOrderOfArrival(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	mustStore(t, d, Message{Peer: bob, Direction: In, Body: "live", Time: t0.Add(900 * time.Millisecond)})
	for i := range 3 {
		mustStore(t, d, Message{Peer: bob, Direction: In, Body: fmt.Sprintf("kept %d", i), Time: t0, StanzaID: fmt.Sprint("s", i), StanzaBy: "me@example.org"})
	}
	_, bodies := recentBodies(t, d, bob)
	if fmt.Sprint(bodies) != "[live kept 0 kept 1 kept 2]" {
		t.Errorf("read back %v, want the order of arrival", bodies)
	}
	if newest, ok, err := d.NewestArchived(ctx, "me@example.org"); err != nil || !ok || newest.Body != "kept 2" {
		t.Errorf("newest archived is %+v (%v, %v), want the last kept", newest, ok, err)
	}
}

// The offline copy of a message may be stamped a second after the
// archive's copy of it: the history keeps the archive's earlier stamp, so
// the message sorts among the ones the archive brought around it.
func TestTheArchivesEarlierStampWins(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	mustStore(t, d, Message{Peer: bob, Direction: In, Body: "one", Time: t0.Add(time.Second), StanzaID: "s1", StanzaBy: "me@example.org"})
	mustStore(t, d, Message{Peer: bob, Direction: In, Body: "two", Time: t0, StanzaID: "s2", StanzaBy: "me@example.org"})
	if _, dup, err := d.Store(ctx, Message{Peer: bob, Direction: In, Body: "one", Time: t0, StanzaID: "s1", StanzaBy: "me@example.org"}); err != nil || !dup {
		t.Fatalf("the archive's copy: dup %v, %v", dup, err)
	}
	// Someone else's copy with an earlier stamp moves nothing.
	if _, dup, err := d.Store(ctx, Message{Peer: bob, Direction: In, Body: "two", Time: t0.Add(-time.Hour), OriginID: "o2"}); err != nil || dup {
		t.Fatalf("an unrelated copy: dup %v, %v", dup, err)
	}
	got, bodies := recentBodies(t, d, bob)
	if fmt.Sprint(bodies) != "[two one two]" || !got[1].Time.Equal(t0) {
		t.Errorf("read back %v (%v), want the archive's stamp on one", bodies, got)
	}
}

// recentBodies is the newest page of peer's chat, and its bodies.
func recentBodies(t *testing.T, d *DB, peer string) ([]Message, []string) {
	t.Helper()
	got, err := d.Recent(context.Background(), peer, 10)
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, m := range got {
		bodies = append(bodies, m.Body)
	}
	return got, bodies
}
