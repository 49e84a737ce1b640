package app

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// A returning user with nothing new: the catch-up starts after the newest
// archived message, read from the history's hints, and the history stays
// closed until a message comes, which is then stored before it is shown.
// A message waiting in the outbox opens it at the log-in and goes out.
func TestTheHistoryOpensWhenNeeded(t *testing.T) {
	ctx := testenv.Context(t, 10*time.Second)
	for _, waiting := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "a.db")
		db, err := history.OpenPath(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		f := &archiveFake{pages: map[string]xmppclient.ArchivePage{"s0": {Complete: true}}}
		seed := StoredMessage{Peer: "bob@example.org", From: "bob@example.org", To: f.Account(), Body: "before",
			Time: time.Now().Add(-time.Hour), Direction: history.In, State: history.Received, StanzaID: "s0", StanzaBy: f.Account()}
		if _, _, err := db.Store(ctx, seed); err != nil {
			t.Fatal(err)
		}
		var out StoredMessage
		if waiting {
			out, _, err = db.Store(ctx, StoredMessage{Peer: "bob@example.org", From: f.Account(), To: "bob@example.org", Body: "typed offline", Direction: history.Out, MessageID: "m1", OriginID: "m1"})
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		hist := &lazyHistory{path: path}
		cs := startChatSession(f, hist, discardLog())
		events, _ := cs.Subscribe()
		testenv.Eventually(t, 5*time.Second, "the catch-up after s0", func() bool {
			f.mu.Lock()
			defer f.mu.Unlock()
			return slices.Contains(f.asked, "s0")
		})
		if hist.opened() != waiting {
			t.Fatalf("with a message waiting %v, the history was opened: %v", waiting, hist.opened())
		}
		if waiting {
			testenv.Eventually(t, 5*time.Second, "the waiting message sent", func() bool {
				db, err := hist.get(ctx)
				if err != nil {
					return false
				}
				ms, err := db.Recent(ctx, "bob@example.org", 10)
				return err == nil && len(ms) == 2 && ms[1].ID == out.ID && ms[1].State == history.Sent
			})
		}
		f.bus.Publish(xmppclient.MessageEvent{From: "bob@example.org", To: f.Account(), Body: "new", ID: "n1", Time: time.Now()})
		for ev := range events {
			if m, ok := ev.(xmppclient.MessageEvent); ok && m.Body == "new" {
				if m.LocalID == "" || !hist.opened() {
					t.Fatalf("the message came with local id %q, the history opened %v", m.LocalID, hist.opened())
				}
				break
			}
		}
		f.bus.Close()
		<-cs.done
		if err := hist.close(); err != nil {
			t.Fatal(err)
		}
	}
}

// opened reports whether the history was opened.
func (l *lazyHistory) opened() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.db != nil
}
