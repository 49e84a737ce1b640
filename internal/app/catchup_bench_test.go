package app

import (
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// BenchmarkArchiveCatchUp1000 is issue 12's archive catch-up, against a
// throwaway Prosody: 1,000 messages a contact sent while this client was
// away (another resource of the account took them live, so none waits in
// offline storage; the archive has them all) come in by the catch-up of a
// fresh log-in whose history knows the message before them. Each sample
// starts with New + Connect and ends when the 1,000th message has been
// stored and handed to the session's subscriber, as the UI gets it; the
// medians (p50, p95) of login→last and CONNECTED→last are reported. Run
// with a fixed count, e.g. -benchtime=5x.
func BenchmarkArchiveCatchUp1000(b *testing.B) {
	const n = 1000
	srv := testenv.NewServer(b, testenv.ProsodyName, testenv.ServerOptions{})
	aJ, aPW := testenv.Account(b, srv)
	bJ, bPW := testenv.Account(b, srv)
	other := clientOn(b, srv, "", aJ, aPW) // the account's other resource
	peer := clientOn(b, srv, "", bJ, bPW)
	mutual(b, other, peer)
	before := sendAndReceive(b, peer, other, aJ, []string{"before"})
	bodies := make([]string, n)
	for i := range bodies {
		bodies[i] = fmt.Sprintf("catch-up %04d", i)
	}
	sendAndReceive(b, peer, other, aJ, bodies)
	ctx := testenv.Context(b, 10*time.Minute)
	if err := other.Logout(ctx); err != nil {
		b.Fatal(err)
	}

	cfg := xmppclient.Config{JID: aJ, Password: aPW, Server: srv.Addr, CAFile: srv.CAFile, Timeout: 10 * time.Second,
		AvatarCacheDir: b.TempDir(), CacheDir: b.TempDir()}
	var total, catchUp []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := history.OpenPath(ctx, filepath.Join(b.TempDir(), "a.db"))
		if err != nil {
			b.Fatal(err)
		}
		// The history as the last session left it: the message before the
		// 1,000, with its archive id.
		if _, _, err := db.Store(ctx, (&chatSession{messenger: other}).stored(before[0])); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		c := xmppclient.New(cfg)
		if err := c.Connect(ctx); err != nil {
			b.Fatal(err)
		}
		connected := time.Now()
		cs := newChatSession(c, db, discardLog())
		events, _ := cs.Subscribe()
		got := 0
		stuck := time.After(2 * catchUpTime)
		for got < n {
			select {
			case <-stuck:
				b.Fatalf("%d of %d messages caught up within %v", got, n, 2*catchUpTime)
			case ev := <-events:
				if m, ok := ev.(xmppclient.MessageEvent); ok && m.Body == bodies[got] {
					got++
				} else if ok {
					b.Fatalf("message %q where %q was due", m.Body, bodies[got])
				}
			case <-ctx.Done():
				b.Fatalf("%d of %d messages caught up", got, n)
			}
		}
		end := time.Now()
		total, catchUp = append(total, end.Sub(start)), append(catchUp, end.Sub(connected))
		b.StopTimer()
		if err := c.Logout(ctx); err != nil {
			b.Fatal(err)
		}
		<-cs.done
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.StopTimer()
	reportMedians(b, total, "login-to-last")
	reportMedians(b, catchUp, "connected-to-last")
}

// sendAndReceive sends bodies from peer to the account to, in order, and
// waits until recv (a session of to) has them all; it returns them as
// recv's events.
func sendAndReceive(b *testing.B, peer, recv *xmppclient.Client, to string, bodies []string) []xmppclient.MessageEvent {
	b.Helper()
	events, stop := recv.Subscribe()
	defer stop()
	ctx := testenv.Context(b, 5*time.Minute)
	sendErr := make(chan error, 1)
	go func() {
		for i, body := range bodies {
			if err := peer.SendMessage(ctx, to, body); err != nil {
				sendErr <- fmt.Errorf("message %d: %w", i, err)
				return
			}
		}
	}()
	var got []xmppclient.MessageEvent
	for len(got) < len(bodies) {
		select {
		case ev := <-events:
			if m, ok := ev.(xmppclient.MessageEvent); ok && slices.Contains(bodies, m.Body) && !m.Outgoing {
				got = append(got, m)
			}
		case err := <-sendErr:
			b.Fatalf("send: %v (%d of %d arrived)", err, len(got), len(bodies))
		case <-ctx.Done():
			b.Fatalf("%d of %d messages arrived", len(got), len(bodies))
		}
	}
	if got[0].StanzaID == "" {
		b.Fatal("the server put no stanza-id on the message: no archive to catch up from")
	}
	return got
}

// reportMedians reports the median and p95 of d in milliseconds.
func reportMedians(b *testing.B, d []time.Duration, what string) {
	s := slices.Clone(d)
	slices.Sort(s)
	q := func(p float64) float64 {
		i := max(0, min(len(s)-1, int(p*float64(len(s))+0.5)-1))
		return float64(s[i].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.5), "ms-p50-"+what)
	b.ReportMetric(q(0.95), "ms-p95-"+what)
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
