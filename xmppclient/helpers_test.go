package xmppclient_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// TestMain keeps the tests' caches (roster versions, avatars of sessions
// that set no cache dir) out of the user's home, and lets the integration
// tests share one ejabberd where they can (testenv.RunShared): each test
// still makes fresh accounts, but only the tests that stop the server or
// need a configuration of their own pay for an ejabberd start (~3 s) and
// stop (~3 s). Every test gets a Prosody of its own, which costs ~0.2 s.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "parley-xmppclient-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := testenv.RunShared(m)
	os.RemoveAll(dir)
	os.Exit(code)
}

// config is the client configuration for an account on srv.
func config(srv *testenv.Server, jid, password string) xmppclient.Config {
	return xmppclient.Config{
		JID:            jid,
		Password:       password,
		Server:         srv.Addr,
		CAFile:         srv.CAFile,
		Timeout:        10 * time.Second,
		AvatarCacheDir: "",
	}
}

// online connects a new client for a fresh account on srv and subscribes
// to its events before connecting.
func online(t *testing.T, srv *testenv.Server) (*xmppclient.Client, <-chan xmppclient.Event) {
	t.Helper()
	j, pw := testenv.Account(t, srv)
	return connectAs(t, srv, j, pw)
}

func connectAs(t *testing.T, srv *testenv.Server, j, pw string) (*xmppclient.Client, <-chan xmppclient.Event) {
	t.Helper()
	cfg := config(srv, j, pw)
	cfg.AvatarCacheDir = t.TempDir()
	if os.Getenv("PARLEY_TEST_LOG") != "" {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	c := xmppclient.New(cfg)
	events, _ := c.Subscribe()
	ctx := testenv.Context(t, 30*time.Second)
	if err := c.Connect(ctx); err != nil {
		t.Fatalf("connect %s: %v", j, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Logout(ctx)
	})
	return c, events
}

// waitFor reads events until match returns true, failing the test after
// limit. It returns the matching event.
func waitFor(t *testing.T, events <-chan xmppclient.Event, limit time.Duration, what string, match func(xmppclient.Event) bool) xmppclient.Event {
	t.Helper()
	deadline := time.After(limit)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatalf("event stream closed while waiting for %s", what)
			}
			if match(ev) {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %s within %v", what, limit)
		}
	}
}

func isStatus(s xmppclient.Status) func(xmppclient.Event) bool {
	return func(ev xmppclient.Event) bool {
		ce, ok := ev.(xmppclient.ConnectionEvent)
		return ok && ce.Status == s
	}
}

func presenceFrom(jid string, show xmppclient.Show) func(xmppclient.Event) bool {
	return func(ev xmppclient.Event) bool {
		pe, ok := ev.(xmppclient.PresenceEvent)
		return ok && pe.From == jid && pe.Show == show
	}
}

// friends logs in two fresh accounts on srv and makes them mutual contacts.
func friends(t *testing.T, srv *testenv.Server) (a *xmppclient.Client, aEv <-chan xmppclient.Event, b *xmppclient.Client, bEv <-chan xmppclient.Event) {
	t.Helper()
	a, aEv = online(t, srv)
	b, bEv = online(t, srv)
	befriend(t, a, aEv, b, bEv)
	return a, aEv, b, bEv
}

// befriend makes a and b mutual contacts: a adds b, b adds a back (which
// also answers a's request).
func befriend(t *testing.T, a *xmppclient.Client, aEvents <-chan xmppclient.Event, b *xmppclient.Client, bEvents <-chan xmppclient.Event) {
	t.Helper()
	ctx := testenv.Context(t, 30*time.Second)
	if err := a.AddContact(ctx, b.Account(), "B"); err != nil {
		t.Fatalf("add contact: %v", err)
	}
	waitFor(t, bEvents, 10*time.Second, "subscription request", func(ev xmppclient.Event) bool {
		sr, ok := ev.(xmppclient.SubscriptionRequestEvent)
		return ok && sr.From == a.Account()
	})
	if err := b.AcceptSubscription(ctx, a.Account()); err != nil {
		t.Fatalf("accept: %v", err)
	}
	// Both ends end with a mutual subscription and see each other online.
	for _, side := range []struct {
		c    *xmppclient.Client
		peer string
	}{{a, b.Account()}, {b, a.Account()}} {
		testenv.Eventually(t, 10*time.Second, side.c.Account()+" sees "+side.peer+" as a mutual contact online", func() bool {
			ct, ok := side.c.Contact(side.peer)
			return ok && ct.Subscription == "both" && ct.Show == xmppclient.ShowOnline
		})
	}
}

// uniqueName returns prefix followed by 8 random hex digits: a name free
// on a server other tests (or an earlier -count run) share.
func uniqueName(t *testing.T, prefix string) string {
	t.Helper()
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + hex.EncodeToString(b)
}
