package xmppclient_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// A first log-in with a large roster announces the nickname's interest
// alone, and the full set once the server has answered a ping after its
// caps query: the presence goes twice, first with the names-first hash.
// A log-in with a smaller roster announces the full set at once.
func TestFirstLogInAnnouncesTheNicknamesInterestFirst(t *testing.T) {
	full, names := xmppclient.CapsVers()
	if full == names {
		t.Fatal("both stages have the same caps hash")
	}
	for _, tc := range []struct {
		name    string
		minimum int
		want    []string
	}{
		{"large roster", 1, []string{names, full}},
		{"small roster", 2, []string{full}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer xmppclient.SetNamesFirstRoster(tc.minimum)()
			f := testenv.NewFakeServer(t, testenv.FakeOptions{})
			var mu sync.Mutex
			var vers []string
			f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
				switch {
				case st.Name == "iq" && st.Type == "get" && strings.Contains(st.Inner, "jabber:iq:roster"):
					_ = s.ReplyIQ(st, "<query xmlns='jabber:iq:roster'><item jid='"+contactJID+"' subscription='both'/></query>")
					return true
				case st.Name == "presence" && st.To == "":
					mu.Lock()
					defer mu.Unlock()
					i := strings.Index(st.Inner, "ver='")
					q := "'"
					if i < 0 {
						i, q = strings.Index(st.Inner, `ver="`), `"`
					}
					if i >= 0 {
						v := st.Inner[i+5:]
						vers = append(vers, v[:strings.Index(v, q)])
					}
					return true
				}
				return false
			})
			_, events, s := fakeOnline(t, f)
			testenv.Eventually(t, 10*time.Second, "the presences", func() bool {
				mu.Lock()
				defer mu.Unlock()
				return len(vers) >= len(tc.want)
			})
			stillUsable(t, s, events)
			mu.Lock()
			got := append([]string(nil), vers...)
			mu.Unlock()
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Fatalf("the presences announced caps %q, want %q (full %s, names first %s)", got, tc.want, full, names)
			}
		})
	}
}
