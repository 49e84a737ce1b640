package xmppclient_test

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// With the user's leave (Config.ShareOS) the version answer names the
// OS; with no version set by the front end it still names one (the
// build's).
func TestVersionAnswerWithOSAllowed(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	replies := make(chan testenv.FakeStanza, 1)
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name == "iq" && st.ID == "v-1" {
			replies <- st
			return true
		}
		return false
	})
	cfg := fakeConfig(f)
	cfg.AvatarCacheDir = t.TempDir()
	cfg.ShareOS = true
	c := xmppclient.New(cfg)
	if err := c.Connect(testenv.Context(t, 20*time.Second)); err != nil {
		t.Fatalf("connect to the fake server: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Logout(ctx)
	})
	s := f.NextSession(t, 5*time.Second)
	if err := s.Send("<iq type='get' id='v-1' from='stranger@elsewhere.example/x' to='" + s.JID + "'><query xmlns='jabber:iq:version'/></iq>"); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-replies:
		if r.Type != "result" || !strings.Contains(r.Inner, "<os>"+runtime.GOOS+"/") || !strings.Contains(r.Inner, "<name>Parley</name>") {
			t.Fatalf("version answer %s: %s", r.Type, r.Inner)
		}
		if strings.Contains(r.Inner, "<version></version>") || !strings.Contains(r.Inner, "<version>") {
			t.Fatalf("version answer names no version: %s", r.Inner)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no answer to the version query")
	}
}
