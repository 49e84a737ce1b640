package xmppclient_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// syncBuffer is a stanza log safe to read while the session writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// rosterResult finds the server's answer to the roster request in a log.
var rosterQueryRe = regexp.MustCompile(`SEND <iq[^>]*type="get"[^>]*id="([^"]+)"[^>]*><query xmlns="jabber:iq:roster" ver="([^"]*)"`)

// Both test servers offer roster versioning (RFC 6121 §2.6): Prosody
// always, ejabberd because its test configuration turns it on as Debian's
// ejabberd.yml does (mod_roster's own default is off, and then Parley asks
// without a version, as the RFC wants).
func TestRosterVersioningUsesTheCache(t *testing.T) {
	testenv.EachServer(t, testRosterVersioningUsesTheCache)
}

func testRosterVersioningUsesTheCache(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, time.Minute)
	aJID, aPW := testenv.Account(t, srv)
	a, aEv := connectAs(t, srv, aJID, aPW)
	b, bEv := online(t, srv)
	befriend(t, a, aEv, b, bEv)
	cacheDir := t.TempDir()

	login := func(t *testing.T) (*xmppclient.Client, string) {
		t.Helper()
		c, log := loginLogged(t, ctx, srv, aJID, aPW, cacheDir)
		return c, log.String()
	}
	answer := func(t *testing.T, log string) (ver, reply string) {
		t.Helper()
		m := rosterQueryRe.FindStringSubmatch(log)
		if m == nil {
			t.Fatalf("no versioned roster request in the log:\n%s", log)
		}
		re := regexp.MustCompile(`RECV[^\n]*?(<iq[^>]*id='` + regexp.QuoteMeta(m[1]) + `'[^>]*?(/>|>.*?</iq>))`)
		r := re.FindStringSubmatch(log)
		if r == nil {
			t.Fatalf("no answer to the roster request %s in the log", m[1])
		}
		return m[2], r[1]
	}

	first, log := login(t)
	ver, reply := answer(t, log)
	if ver != "" || !regexp.MustCompile(`<item[^>]*jid='`+regexp.QuoteMeta(b.Account())).MatchString(reply) {
		t.Fatalf("first login: asked with ver %q, got %s", ver, reply)
	}
	_ = first.Logout(ctx)

	second, log := login(t)
	ver, reply = answer(t, log)
	if ver == "" || regexp.MustCompile(`<item`).MatchString(reply) {
		t.Fatalf("second login: asked with ver %q, got %s (want an empty answer)", ver, reply)
	}
	if ct, ok := second.Contact(b.Account()); !ok || ct.Subscription != "both" {
		t.Fatalf("the cached roster lacks %s: %+v", b.Account(), ct)
	}
	_ = second.Logout(ctx)

	// A change while the account is away reaches the next login.
	if err := b.RemoveContact(ctx, aJID); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 10*time.Second, "the removal at a's first session", func() bool {
		ct, ok := a.Contact(b.Account())
		return !ok || ct.Subscription == "none"
	})
	third, _ := login(t)
	testenv.Eventually(t, 10*time.Second, "the change in the next login's roster", func() bool {
		ct, ok := third.Contact(b.Account())
		return !ok || ct.Subscription == "none"
	})
}

// rosterRequestRe finds every roster request the client sent.
var rosterRequestRe = regexp.MustCompile(`SEND <iq[^>]*type="get"[^>]*><query xmlns="jabber:iq:roster"[^>]*>`)

// Without roster versioning (ejabberd's own default; Prosody always
// offers it) the client never sends a version, not even with a cached
// roster from an earlier log-in, and gets the whole roster each time.
func TestRosterWithoutVersioning(t *testing.T) {
	srv := testenv.NewServer(t, testenv.EjabberdName, testenv.ServerOptions{NoRosterVersioning: true})
	ctx := testenv.Context(t, time.Minute)
	aJID, aPW := testenv.Account(t, srv)
	a, aEv := connectAs(t, srv, aJID, aPW)
	b, bEv := online(t, srv)
	befriend(t, a, aEv, b, bEv)
	_ = a.Logout(ctx)
	cacheDir := t.TempDir()
	for _, n := range []string{"first", "second"} {
		c, log := loginLogged(t, ctx, srv, aJID, aPW, cacheDir)
		reqs := rosterRequestRe.FindAllString(log.String(), -1)
		if len(reqs) == 0 {
			t.Fatalf("%s log-in: no roster request in the log:\n%s", n, log.String())
		}
		for _, r := range reqs {
			if strings.Contains(r, "ver=") {
				t.Fatalf("%s log-in: a version sent to a server that offers no versioning: %s", n, r)
			}
		}
		if ct, ok := c.Contact(b.Account()); !ok || ct.Subscription != "both" {
			t.Fatalf("%s log-in: the roster lacks %s: %+v", n, b.Account(), ct)
		}
		_ = c.Logout(ctx)
	}
}

// loginLogged logs in with the roster cache in cacheDir and a stanza log,
// which it returns; the session is logged out when the test ends.
func loginLogged(t *testing.T, ctx context.Context, srv *testenv.Server, jid, password, cacheDir string) (*xmppclient.Client, *syncBuffer) {
	t.Helper()
	cfg := config(srv, jid, password)
	cfg.CacheDir, cfg.AvatarCacheDir = cacheDir, t.TempDir()
	log := &syncBuffer{}
	cfg.DebugXML = log
	c := xmppclient.New(cfg)
	if err := c.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Logout(context.Background()) })
	return c, log
}
