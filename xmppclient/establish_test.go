package xmppclient_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// A server that drops the stream while the client fetches its roster: the
// log-in fails because the stream ended, not after waiting out the whole
// timeout for an answer that cannot come.
func TestConnectStreamEndsDuringRosterFetch(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name == "iq" && strings.Contains(st.Inner, "jabber:iq:roster") {
			s.Close()
			return true
		}
		return false
	})
	cfg := fakeConfig(f)
	cfg.AvatarCacheDir = t.TempDir()
	cfg.Timeout = time.Hour // only the stream's end can stop the wait
	c := xmppclient.New(cfg)
	defer c.Logout(context.Background())
	ctx := testenv.Context(t, 30*time.Second)
	err := c.Connect(ctx)
	if err == nil {
		t.Fatal("connected although the stream ended during the roster fetch")
	}
	if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Connect waited for a timeout instead of noticing the stream's end: %v", err)
	}
	if errtext.Code(err) != errtext.Unavailable || !strings.Contains(errtext.Message(err), "contact list") {
		t.Fatalf("error %d %q, want a 503 about the contact list", errtext.Code(err), errtext.Message(err))
	}
}
