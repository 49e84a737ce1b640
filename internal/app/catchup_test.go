package app

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// archiveFake is a connected account whose archive answers from pages,
// keyed by the id a query goes on after ("" for the first).
type archiveFake struct {
	Session
	bus   xmppclient.EventBus
	pages map[string]xmppclient.ArchivePage
	// older answers the queries for the page before an archive id.
	older map[string]xmppclient.ArchivePage
	mu    sync.Mutex
	asked []string
}

func (f *archiveFake) Account() string                              { return "alice@example.org" }
func (f *archiveFake) Status() xmppclient.Status                    { return xmppclient.StatusConnected }
func (f *archiveFake) Subscribe() (<-chan xmppclient.Event, func()) { return f.bus.Subscribe() }
func (f *archiveFake) PendingRequests() []string                    { return nil }
func (f *archiveFake) SendChat(context.Context, string, string, string) (string, error) {
	return "", nil
}
func (f *archiveFake) FetchArchive(_ context.Context, q xmppclient.ArchiveQuery) (xmppclient.ArchivePage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if q.Before != "" {
		f.asked = append(f.asked, "before "+q.Before)
		return f.older[q.Before], nil
	}
	f.asked = append(f.asked, q.After)
	return f.pages[q.After], nil
}

// The catch-up goes on past a page that holds no message (the archive
// keeps receipts and chat states, which carry no body), from the id the
// archive gave as the page's last, until the archive says it is
// complete.
func TestCatchUpGoesOnPastAPageWithoutMessages(t *testing.T) {
	msg := func(id, body string) xmppclient.MessageEvent {
		return xmppclient.MessageEvent{From: "bob@example.org", To: "alice@example.org", Body: body, StanzaID: id, Time: time.Now(), Archived: true}
	}
	f := &archiveFake{pages: map[string]xmppclient.ArchivePage{
		"s0": {Messages: []xmppclient.MessageEvent{msg("s1", "one"), msg("s2", "two")}, Last: "s3"},
		"s3": {Last: "s6"}, // receipts only
		"s6": {Messages: []xmppclient.MessageEvent{msg("s7", "three")}, Last: "s7", Complete: true},
	}}
	ctx := testenv.Context(t, 10*time.Second)
	db := seededHistory(t, "before", "s0")
	cs := newChatSession(f, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	events, _ := cs.Subscribe()
	var got []string
	for len(got) < 3 {
		select {
		case ev := <-events:
			if m, ok := ev.(xmppclient.MessageEvent); ok {
				got = append(got, m.Body)
			}
		case <-ctx.Done():
			f.mu.Lock()
			defer f.mu.Unlock()
			t.Fatalf("caught up %q, asked after %q; want one, two, three", got, f.asked)
		}
	}
	if got[0] != "one" || got[1] != "two" || got[2] != "three" {
		t.Fatalf("caught up %q, want one, two, three in order", got)
	}
	f.bus.Close()
	<-cs.done
}

// Scrolling back walks past an archive page that holds no message (only
// receipts and chat states) to the page before it, from the id the
// archive gave as the page's first; an archive that says it has nothing
// older makes the page the chat's start.
func TestScrollBackGoesOnPastAPageWithoutMessages(t *testing.T) {
	msg := func(id, body string, ago time.Duration) xmppclient.MessageEvent {
		return xmppclient.MessageEvent{From: "bob@example.org", To: "alice@example.org", Body: body, StanzaID: id, Time: time.Now().Add(-ago), Archived: true}
	}
	f := &archiveFake{older: map[string]xmppclient.ArchivePage{
		"s9": {First: "s6", Last: "s8"}, // receipts only
		"s6": {Messages: []xmppclient.MessageEvent{msg("s4", "four", 3*time.Hour), msg("s5", "five", 2*time.Hour)}, First: "s4", Last: "s5", Complete: true},
	}}
	ctx := testenv.Context(t, 10*time.Second)
	db := seededHistory(t, "nine", "s9")
	cs := newChatSession(f, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	page, err := cs.History(ctx, "bob@example.org", "", 50)
	if err != nil {
		t.Fatal(err)
	}
	if !page.Start {
		t.Error("the archive said it had nothing older, but the page is not the start")
	}
	var bodies []string
	for _, m := range page.Messages {
		bodies = append(bodies, m.Body)
	}
	if len(bodies) != 3 || bodies[0] != "four" || bodies[1] != "five" || bodies[2] != "nine" {
		f.mu.Lock()
		defer f.mu.Unlock()
		t.Fatalf("the chat's page is %q (asked %q), want four, five, nine", bodies, f.asked)
	}
	f.bus.Close()
	<-cs.done
}

// seededHistory is an open history holding one message from bob an hour
// ago, with the archive id id.
func seededHistory(t *testing.T, body, id string) *history.DB {
	t.Helper()
	ctx := testenv.Context(t, 10*time.Second)
	db, err := history.OpenPath(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	seed := StoredMessage{Peer: "bob@example.org", From: "bob@example.org", To: "alice@example.org", Body: body,
		Time: time.Now().Add(-time.Hour), Direction: history.In, State: history.Received, StanzaID: id, StanzaBy: "alice@example.org"}
	if _, _, err := db.Store(ctx, seed); err != nil {
		t.Fatal(err)
	}
	return db
}
