package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// clientOn connects a fresh client for j on srv (through addr when given).
func clientOn(t testing.TB, srv *testenv.Server, addr, j, pw string) *xmppclient.Client {
	t.Helper()
	cfg := xmppclient.Config{JID: j, Password: pw, Server: srv.Addr, CAFile: srv.CAFile, Timeout: 10 * time.Second,
		AvatarCacheDir: t.TempDir(), CacheDir: t.TempDir(), PingInterval: 300 * time.Millisecond, PingTimeout: 700 * time.Millisecond}
	if addr != "" {
		cfg.Server = addr
	}
	c := xmppclient.New(cfg)
	if err := c.Connect(testenv.Context(t, 30*time.Second)); err != nil {
		t.Fatalf("connect %s: %v", j, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Logout(ctx)
	})
	return c
}

// mutual makes a and b mutual contacts.
func mutual(t testing.TB, a, b *xmppclient.Client) {
	t.Helper()
	ctx := testenv.Context(t, 30*time.Second)
	if err := a.AddContact(ctx, b.Account(), ""); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 10*time.Second, "the request", func() bool {
		for _, r := range b.PendingRequests() {
			if r == a.Account() {
				return true
			}
		}
		return false
	})
	if err := b.AcceptSubscription(ctx, a.Account()); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 10*time.Second, "a mutual subscription", func() bool {
		ca, _ := a.Contact(b.Account())
		cb, _ := b.Contact(a.Account())
		return ca.Subscription == "both" && cb.Subscription == "both"
	})
}

func chatWith(t testing.TB, c *xmppclient.Client, dbPath string) *chatSession {
	t.Helper()
	db, err := history.OpenPath(testenv.Context(t, 10*time.Second), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	return newChatSession(c, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// next reads events until match, failing after limit.
func next(t *testing.T, events <-chan xmppclient.Event, limit time.Duration, what string, match func(xmppclient.Event) bool) xmppclient.Event {
	t.Helper()
	deadline := time.After(limit)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatalf("events closed while waiting for %s", what)
			}
			if match(ev) {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %s within %v", what, limit)
		}
	}
}

func isMessage(ev xmppclient.Event) bool { _, ok := ev.(xmppclient.MessageEvent); return ok }

// While the connection is frozen, a contact's 20 messages and 5 typed
// here are not lost: after the reconnect the 20 come once each, in order
// (from the archive), the 5 are sent once each, in order; a restart
// finds all 25 in the history.
func TestChatSessionLosesNothingAcrossAFreeze(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		p := testenv.NewProxy(t, srv.Addr)
		aJ, aPW := testenv.Account(t, srv)
		bJ, bPW := testenv.Account(t, srv)
		a := clientOn(t, srv, p.Addr, aJ, aPW)
		b := clientOn(t, srv, "", bJ, bPW)
		bEv, _ := b.Subscribe()
		mutual(t, a, b)
		dbPath := filepath.Join(t.TempDir(), "a.db")
		cs := chatWith(t, a, dbPath)
		events, _ := cs.Subscribe()
		ctx := testenv.Context(t, 2*time.Minute)

		// One message before the freeze: the history knows an archive id.
		if err := b.SendMessage(ctx, aJ, "before"); err != nil {
			t.Fatal(err)
		}
		next(t, events, 10*time.Second, "the first message", isMessage)

		p.Silence()
		var want []string
		for i := range 20 {
			body := fmt.Sprintf("frozen %02d", i)
			if err := b.SendMessage(ctx, aJ, body); err != nil {
				t.Fatal(err)
			}
			want = append(want, body)
		}
		next(t, events, 15*time.Second, "the freeze noticed", func(ev xmppclient.Event) bool {
			ce, ok := ev.(xmppclient.ConnectionEvent)
			return ok && ce.Status != xmppclient.StatusConnected
		})
		var typed []string
		for i := range 5 {
			body := fmt.Sprintf("typed %d", i)
			if _, err := cs.SendChat(ctx, bJ, body, ""); err != nil {
				t.Fatalf("send while disconnected: %v", err)
			}
			typed = append(typed, body)
		}
		p.Forward()

		var got []string
		for len(got) < len(want) {
			ev := next(t, events, 40*time.Second, fmt.Sprintf("frozen message %d", len(got)), isMessage).(xmppclient.MessageEvent)
			got = append(got, ev.Body)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("after the freeze got %q", got)
		}
		var sent []string
		for len(sent) < len(typed) {
			ev := next(t, bEv, 30*time.Second, fmt.Sprintf("typed message %d at the contact", len(sent)), isMessage).(xmppclient.MessageEvent)
			sent = append(sent, ev.Body)
		}
		if fmt.Sprint(sent) != fmt.Sprint(typed) {
			t.Fatalf("the contact got %q", sent)
		}

		// Restart: the history has every message once, without asking the
		// network (the client is logged out before it is read).
		if err := cs.Logout(ctx); err != nil {
			t.Fatal(err)
		}
		db, err := history.OpenPath(ctx, dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		stored, err := db.Recent(ctx, bJ, 100)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, m := range stored {
			seen[m.Body]++
		}
		for _, body := range append(append([]string{"before"}, want...), typed...) {
			if seen[body] != 1 {
				t.Fatalf("%q stored %d times; history %d messages", body, seen[body], len(stored))
			}
		}
	})
}
