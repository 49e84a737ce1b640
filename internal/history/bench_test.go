package history

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The benchmarks share one database: a chat with benchChat messages (and
// a smaller other chat), built once per run in benchDir.
const (
	benchChat  = 100_000
	benchOther = 10_000
	benchPeer  = "bob@example.org"
)

var (
	benchOnce sync.Once
	benchDir  string
	benchPath string
	benchErr  error
)

// vocabulary is what the generated bodies are made of; "zeppelin" is put
// in one message in a thousand, "tonight" in one in ten.
var vocabulary = strings.Fields(`the a to and of you I it is in that we for on are be this with have
	not at can what so just do but my was if me all about will get know up like see how your good
	when time now then out one no yes there think they our from ok here work well today tomorrow
	lunch train meeting call back later sure thanks hello message home week weekend office coffee`)

func benchBody(r *rand.Rand, i int) string {
	n := 4 + r.IntN(12)
	words := make([]string, 0, n+2)
	for range n {
		words = append(words, vocabulary[r.IntN(len(vocabulary))])
	}
	if i%1000 == 0 {
		words = append(words, "zeppelin")
	}
	if i%10 == 0 {
		words = append(words, "tonight")
	}
	return strings.Join(words, " ")
}

// benchDB opens the shared database, filling it on first use in one
// transaction (Store commits each message durably, which would take
// minutes for 110,000).
func benchDB(b *testing.B) *DB {
	b.Helper()
	benchOnce.Do(func() { benchErr = fillBench() })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	d, err := OpenPath(context.Background(), benchPath)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = d.Close() })
	return d
}

func fillBench() error {
	dir, err := os.MkdirTemp("", "parley-history-bench-")
	if err != nil {
		return err
	}
	benchDir, benchPath = dir, filepath.Join(dir, "alice@example.org.db")
	ctx := context.Background()
	d, err := OpenPath(ctx, benchPath)
	if err != nil {
		return err
	}
	defer d.Close()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	stmt, err := tx.PrepareContext(ctx, insertSQL)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range benchChat + benchOther {
		m := Message{Peer: benchPeer, From: benchPeer, To: "alice@example.org", Direction: In, State: Received,
			Time: start.Add(time.Duration(i) * 30 * time.Second), Body: benchBody(r, i),
			StanzaID: fmt.Sprintf("s%d", i), StanzaBy: "alice@example.org", OriginID: fmt.Sprintf("o%d", i)}
		if i%2 == 1 {
			m.From, m.To, m.Direction, m.State = m.To, m.From, Out, Delivered
		}
		if i%11 == 0 { // every eleventh message is in the other chat
			m.Peer = "carol@example.org"
		}
		res, err := stmt.ExecContext(ctx, insertArgs(m)...)
		if err != nil {
			return err
		}
		id, _ := res.LastInsertId()
		if _, err := tx.ExecContext(ctx, insertTextSQL, id, m.Body); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// BenchmarkRecent is opening a chat: its newest page of 50.
func BenchmarkRecent(b *testing.B) {
	d := benchDB(b)
	ctx := context.Background()
	for b.Loop() {
		if ms, err := d.Recent(ctx, benchPeer, 50); err != nil || len(ms) != 50 {
			b.Fatal(len(ms), err)
		}
	}
}

// BenchmarkOpenRecent is opening the database and then the chat, as a
// fresh start of the UI or `parley history` does.
func BenchmarkOpenRecent(b *testing.B) {
	benchDB(b)
	ctx := context.Background()
	for b.Loop() {
		d, err := OpenPath(ctx, benchPath)
		if err != nil {
			b.Fatal(err)
		}
		if ms, err := d.Recent(ctx, benchPeer, 50); err != nil || len(ms) != 50 {
			b.Fatal(len(ms), err)
		}
		_ = d.Close()
	}
}

// BenchmarkBefore is one page of scrolling up, from the middle of the chat.
func BenchmarkBefore(b *testing.B) {
	d := benchDB(b)
	ctx := context.Background()
	var mid string
	if err := d.db.QueryRow(`SELECT id FROM messages WHERE peer = ? ORDER BY time LIMIT 1 OFFSET ?`, benchPeer, benchChat*10/11/2).Scan(&mid); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ms, err := d.Before(ctx, benchPeer, mid, 50); err != nil || len(ms) != 50 {
			b.Fatal(len(ms), err)
		}
	}
}

// BenchmarkSearch is /search in the chat (and across all chats), for a
// word in one message in a thousand, one in ten, two common words and a
// word in none.
func BenchmarkSearch(b *testing.B) {
	d := benchDB(b)
	ctx := context.Background()
	for _, c := range []struct{ name, peer, text string }{
		{"rare", benchPeer, "zeppelin"},
		{"tenth", benchPeer, "tonight"},
		{"two-common-words", benchPeer, "coffee train"},
		{"prefix", benchPeer, "meet"},
		{"none", benchPeer, "xylophone"},
		{"rare-all-chats", "", "zeppelin"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := d.Search(ctx, c.peer, c.text, 50); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStore is storing one incoming message durably (a commit with
// fsync), deduplication lookups included.
func BenchmarkStore(b *testing.B) {
	d := benchDB(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		if _, dup, err := d.Store(ctx, Message{Peer: "dave@example.org", Direction: In, Body: "hello there",
			StanzaID: fmt.Sprintf("bench-%d-%d", time.Now().UnixNano(), i), StanzaBy: "alice@example.org"}); err != nil || dup {
			b.Fatal(dup, err)
		}
	}
}

// BenchmarkStoreAll1000 is storing one archive catch-up of 1,000 messages
// in one batch (deduplication lookups, one commit).
func BenchmarkStoreAll1000(b *testing.B) {
	d := benchDB(b)
	ctx := context.Background()
	batch := make([]Message, 1000)
	r := rand.New(rand.NewPCG(3, 4))
	n := 0
	for b.Loop() {
		n++
		for i := range batch {
			batch[i] = Message{Peer: "erin@example.org", Direction: In, Body: benchBody(r, i),
				StanzaID: fmt.Sprintf("batch-%d-%d-%d", time.Now().UnixNano(), n, i), StanzaBy: "alice@example.org"}
		}
		if _, _, err := d.StoreAll(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
}
