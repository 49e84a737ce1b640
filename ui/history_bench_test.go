package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/xmppclient"
)

// The UI's side of a long chat: a real history database with 100,000
// messages with bob, behind a session that reads it as the app's chat
// session does (History, Search), timed from the key press to the frame.

const historyBenchChat = 100_000

// historySession is a fake session with a real local history.
type historySession struct {
	*fakeSession
	db *history.DB
}

func (h historySession) History(ctx context.Context, peer, before string, limit int) (app.HistoryPage, error) {
	var ms []app.StoredMessage
	var err error
	if before == "" {
		ms, err = h.db.Recent(ctx, peer, limit)
	} else {
		ms, err = h.db.Before(ctx, peer, before, limit)
	}
	// No archive behind it: a short page is the start.
	return app.HistoryPage{Messages: ms, Start: err == nil && len(ms) < limit}, err
}

func (h historySession) Search(ctx context.Context, peer, text string, limit int) ([]app.StoredMessage, error) {
	return h.db.Search(ctx, peer, text, limit)
}

// historyBenchDB fills a database in a temporary directory of b and
// returns its path.
func historyBenchDB(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "alice.db")
	err := func() error {
		ctx := context.Background()
		d, err := history.OpenPath(ctx, path)
		if err != nil {
			return err
		}
		defer d.Close()
		start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		batch := make([]history.Message, 0, 5000)
		for i := range historyBenchChat {
			m := history.Message{Peer: "bob@example.org", From: "bob@example.org", To: "alice@example.org",
				Direction: history.In, Time: start.Add(time.Duration(i) * 30 * time.Second),
				Body:     fmt.Sprintf("message %d about the train tonight and *lunch* tomorrow", i),
				StanzaID: fmt.Sprintf("s%d", i), StanzaBy: "alice@example.org"}
			if i%1000 == 0 {
				m.Body += " zeppelin"
			}
			batch = append(batch, m)
			if len(batch) == cap(batch) {
				if _, _, err := d.StoreAll(ctx, batch); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		return nil
	}()
	if err != nil {
		b.Fatal(err)
	}
	return path
}

func openBenchDB(b *testing.B, path string) *history.DB {
	b.Helper()
	d, err := history.OpenPath(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = d.Close() })
	return d
}

func historyModel(b *testing.B, d *history.DB) *Model {
	m, _, s := loggedIn(b, 100, 30, xmppclient.Contact{JID: "bob@example.org", Subscription: "both", Show: xmppclient.ShowOnline})
	m.session = historySession{fakeSession: s, db: d}
	return m
}

// runCmd runs a command and its messages through Update, as Bubble Tea
// would, without the batching goroutines.
func runCmd(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			runCmd(m, c)
		}
	case nil:
	default:
		_, next := m.Update(msg)
		runCmd(m, next)
	}
}

// BenchmarkLongChat builds the chat once (about ten seconds) and times,
// in its sub-benchmarks:
//   - open: Enter on the contact to the first frame with its stored
//     history (the newest page read, merged, drawn);
//   - scroll: one page up (a key press), loading the page before the
//     oldest line when it is reached, to the frame;
//   - search: /search in the open chat to the notice.
func BenchmarkLongChat(b *testing.B) {
	path := historyBenchDB(b)
	b.Run("open", func(b *testing.B) {
		d := openBenchDB(b, path)
		for b.Loop() {
			b.StopTimer()
			m := historyModel(b, d)
			b.StartTimer()
			runCmd(m, m.openChat("bob@example.org"))
			if v := m.View(); len(m.state.chat("bob@example.org").lines) != historyPage || v.Content == "" {
				b.Fatalf("%d lines", len(m.state.chat("bob@example.org").lines))
			}
		}
	})
	b.Run("scroll", func(b *testing.B) {
		m := historyModel(b, openBenchDB(b, path))
		runCmd(m, m.openChat("bob@example.org"))
		for b.Loop() {
			_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyPgUp})
			runCmd(m, cmd)
			_ = m.View()
		}
		if n := len(m.state.chat("bob@example.org").lines); b.N > 8 && n <= historyPage {
			b.Fatalf("scrolling loaded nothing older: %d lines", n)
		}
	})
	b.Run("search", func(b *testing.B) {
		m := historyModel(b, openBenchDB(b, path))
		runCmd(m, m.openChat("bob@example.org"))
		for b.Loop() {
			runCmd(m, cmdSearch(m, "zeppelin"))
			_ = m.View()
		}
	})
}
