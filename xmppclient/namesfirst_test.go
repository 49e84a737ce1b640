package xmppclient_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// A log-in with a large roster announces the nickname's interest alone,
// and the full set once the server has answered a ping after its caps
// query: the presence goes twice, first with the names-first hash; so
// does the next log-in on the same machine (a returning user's contacts
// see it online sooner too). A log-in with a smaller roster announces
// the full set at once.
func TestFirstLogInAnnouncesTheNicknamesInterestFirst(t *testing.T) {
	full, names := xmppclient.CapsVers()
	if full == names {
		t.Fatal("both stages have the same caps hash")
	}
	// The fake server's roster holds one contact.
	for _, tc := range []struct {
		name    string
		minimum int
		logIns  [][]string // the caps of each log-in's presences
	}{
		{"large roster, then the next log-in", 1, [][]string{{names, full}, {names, full}}},
		{"small roster", 2, [][]string{{full}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer xmppclient.SetNamesFirstRoster(tc.minimum)()
			f := testenv.NewFakeServer(t, testenv.FakeOptions{})
			caps := recordCaps(f)
			cfg := fakeConfig(f)
			cfg.AvatarCacheDir, cfg.CacheDir = t.TempDir(), t.TempDir()
			for _, want := range tc.logIns {
				wantCaps(t, f, cfg, caps, want...)
			}
		})
	}
}

// capsLog is the caps hashes of the broadcast presences a fake server got.
type capsLog struct {
	mu   sync.Mutex
	vers []string
}

func (l *capsLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	v := l.vers
	l.vers = nil
	return v
}

// recordCaps makes f answer the roster with one contact and record the
// caps of every broadcast presence.
func recordCaps(f *testenv.FakeServer) *capsLog {
	l := &capsLog{}
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		switch {
		case st.Name == "iq" && st.Type == "get" && strings.Contains(st.Inner, "jabber:iq:roster"):
			_ = s.ReplyIQ(st, "<query xmlns='jabber:iq:roster'><item jid='"+contactJID+"' subscription='both'/></query>")
			return true
		case st.Name == "presence" && st.To == "":
			i, q := strings.Index(st.Inner, "ver='"), "'"
			if i < 0 {
				i, q = strings.Index(st.Inner, `ver="`), `"`
			}
			if i >= 0 {
				v := st.Inner[i+5:]
				l.mu.Lock()
				l.vers = append(l.vers, v[:strings.Index(v, q)])
				l.mu.Unlock()
			}
			return true
		}
		return false
	})
	return l
}

// wantCaps logs in with cfg and checks the caps of its presences, then
// logs out.
func wantCaps(t *testing.T, f *testenv.FakeServer, cfg xmppclient.Config, caps *capsLog, want ...string) {
	t.Helper()
	c := xmppclient.New(cfg)
	events, _ := c.Subscribe()
	if err := c.Connect(testenv.Context(t, 20*time.Second)); err != nil {
		t.Fatal(err)
	}
	s := f.NextSession(t, 5*time.Second)
	var got []string
	testenv.Eventually(t, 10*time.Second, "the presences", func() bool {
		got = append(got, caps.take()...)
		return len(got) >= len(want)
	})
	stillUsable(t, s, events)
	got = append(got, caps.take()...)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.Logout(ctx)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("the presences announced caps %q, want %q", got, want)
	}
}
