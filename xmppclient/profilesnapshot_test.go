package xmppclient_test

import (
	"context"
	"image/color"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

const snapshotVCard = "<item id='current'><vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'><nickname><text>Xena</text></nickname><note><text>at sea</text></note><email><text>xena@example.org</text></email></vcard></item>"

// profileGets counts the pubsub queries f answers (avatarDataServer's
// answers: the nickname node and avatar data).
func profileGets(f *testenv.FakeServer, nick string, avatars map[string][]byte) *atomic.Int32 {
	var n atomic.Int32
	answer := avatarDataHandler(nick, avatars)
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name == "iq" && st.Type == "get" && strings.Contains(st.Inner, "http://jabber.org/protocol/pubsub") {
			n.Add(1)
		}
		return answer(s, st)
	})
	return &n
}

func snapshotClient(t *testing.T, f *testenv.FakeServer, cacheDir, avatarDir string) (*xmppclient.Client, <-chan xmppclient.Event, *testenv.FakeSession) {
	t.Helper()
	cfg := fakeConfig(f)
	cfg.CacheDir, cfg.AvatarCacheDir = cacheDir, avatarDir
	c := xmppclient.New(cfg)
	events, _ := c.Subscribe()
	if err := c.Connect(testenv.Context(t, 20*time.Second)); err != nil {
		t.Fatalf("connect to the fake server: %v", err)
	}
	return c, events, f.NextSession(t, 5*time.Second)
}

// The burst of notifications after the initial presence builds a
// contact's profile without a fetch of the nodes it carries (only the
// avatar's bytes are asked for), and a returning user gets the profile
// from the snapshot at once: the same burst again costs no query and
// changes nothing, while a real change is still applied.
func TestProfileSnapshotReturningUser(t *testing.T) {
	defer xmppclient.SetCompleteDelay(200 * time.Millisecond)()
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	x := smallPNG(t, color.White)
	xID := sha1Hex(x)
	gets := profileGets(f, "Xena", map[string][]byte{xID: x})
	cacheDir, avatarDir := t.TempDir(), t.TempDir()
	burst := []string{
		pepEvent(profile.NodeNickname, nickItem("Xena")),
		pepEvent(profile.NodeVCard4, snapshotVCard),
		pepEvent(profile.NodeAvatarMetadata, avatarMetaItem(xID, len(x))),
	}
	complete := func(ev xmppclient.Event) bool {
		p, ok := ev.(xmppclient.ProfileEvent)
		return ok && p.Profile.JID == contactJID && p.Profile.Nickname == "Xena" &&
			p.Profile.Email == "xena@example.org" && p.Profile.Avatar.ID == xID && len(avatarBytes(p.Profile.Avatar)) > 0
	}

	c, events, s := snapshotClient(t, f, cacheDir, avatarDir)
	for _, st := range burst {
		if err := s.Send(st); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, events, 10*time.Second, "the profile from the first burst", complete)
	// Every node was notified, so the completion finds nothing to fetch.
	// That is an absence, which can only be waited for: well past the
	// delay, then a round trip.
	time.Sleep(5 * 200 * time.Millisecond)
	stillUsable(t, s, events)
	if n := gets.Load(); n != 1 {
		t.Fatalf("first log-in: %d profile queries, want 1 (the avatar's data)", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_ = c.Logout(ctx)
	cancel()

	gets.Store(0)
	c2, events2, s2 := snapshotClient(t, f, cacheDir, avatarDir)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c2.Logout(ctx)
	})
	ev := waitFor(t, events2, 10*time.Second, "the profile from the snapshot", complete)
	if !ev.(xmppclient.ProfileEvent).Cached {
		t.Fatal("the returning user's first profile event is not marked Cached")
	}
	for _, st := range burst {
		if err := s2.Send(st); err != nil {
			t.Fatal(err)
		}
	}
	if err := s2.Send(pepEvent(profile.NodeNickname, nickItem("Yuri"))); err != nil {
		t.Fatal(err)
	}
	// The repeated burst is queued before the change: the next profile
	// event is the change, and nothing was fetched for either.
	next := waitFor(t, events2, 10*time.Second, "a profile event", func(ev xmppclient.Event) bool {
		_, ok := ev.(xmppclient.ProfileEvent)
		return ok
	})
	if p := next.(xmppclient.ProfileEvent).Profile; p.Nickname != "Yuri" || p.Email != "xena@example.org" {
		t.Fatalf("after the repeated burst and a new nickname: %+v, want Yuri with the snapshot's e-mail", p)
	}
	if n := gets.Load(); n != 0 {
		t.Fatalf("returning user: %d profile queries, want 0", n)
	}

	// Deleting the account leaves no snapshot behind.
	if files := snapshotFiles(t, cacheDir); len(files) != 1 {
		t.Fatalf("snapshot files before unregistering: %v, want one", files)
	}
	if err := c2.Unregister(testenv.Context(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if files := snapshotFiles(t, cacheDir); len(files) != 0 {
		t.Fatalf("snapshot files after unregistering: %v, want none", files)
	}
}

func snapshotFiles(t *testing.T, cacheDir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(cacheDir, "profiles", "*"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}
