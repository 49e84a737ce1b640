package xmppclient_test

import (
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// A contact's nickname is announced while the bytes of its avatar are
// still on their way: on a first log-in with many contacts those fetches
// wait behind the server's burst, and the nicknames used to wait behind
// them. The avatar's bytes follow in a second announcement.
func TestNicknameDoesNotWaitForTheAvatarsBytes(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	png := smallPNG(t, color.White)
	id := sha1Hex(png)
	answer := avatarDataHandler("Nina", map[string][]byte{id: png})
	asked := make(chan struct{}, 1)
	release := make(chan struct{})
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name == "iq" && strings.Contains(st.Inner, profile.NSAvatarData) {
			select {
			case asked <- struct{}{}:
			default:
			}
			go func() { // held until the test lets it go
				<-release
				answer(s, st)
			}()
			return true
		}
		return answer(s, st)
	})
	defer close(release)
	_, events, s := fakeOnline(t, f)

	// A contact Parley knows nothing of: its avatar's description first,
	// then its nickname, as a server's burst may order them.
	for _, st := range []string{
		pepEvent(profile.NodeAvatarMetadata, avatarMetaItem(id, len(png))),
		pepEvent(profile.NodeNickname, nickItem("Nina")),
	} {
		if err := s.Send(st); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-asked:
	case <-time.After(10 * time.Second):
		t.Fatal("the avatar's bytes were never asked for")
	}
	waitFor(t, events, 10*time.Second, "the nickname while the avatar's bytes are held", func(ev xmppclient.Event) bool {
		p, ok := ev.(xmppclient.ProfileEvent)
		return ok && p.Profile.Nickname == "Nina" && p.Profile.Avatar.ID == id && !p.Profile.Avatar.HasBytes()
	})
	release <- struct{}{}
	waitFor(t, events, 10*time.Second, "the avatar's bytes once answered", func(ev xmppclient.Event) bool {
		p, ok := ev.(xmppclient.ProfileEvent)
		return ok && p.Profile.Nickname == "Nina" && p.Profile.Avatar.ID == id && string(avatarBytes(p.Profile.Avatar)) == string(png)
	})
	stillUsable(t, s, events)
}

// The avatar's bytes are asked for by the profile work that noticed the
// avatar, before that work has stored the profile. A fetch that looked
// at the stored profile first took the late store for "another avatar
// came" and never fetched: the contact kept a blank avatar (seen once in
// CI, under load). Holding the store makes that window wide.
func TestAvatarBytesComeWhenTheProfileIsStoredLate(t *testing.T) {
	defer xmppclient.SetProfileStoreDelay(100 * time.Millisecond)()
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	png := smallPNG(t, color.White)
	id := sha1Hex(png)
	f.OnStanza(avatarDataHandler("Nina", map[string][]byte{id: png}))
	_, events, s := fakeOnline(t, f)

	for _, st := range []string{
		pepEvent(profile.NodeNickname, nickItem("Nina")),
		pepEvent(profile.NodeAvatarMetadata, avatarMetaItem(id, len(png))),
	} {
		if err := s.Send(st); err != nil {
			t.Fatal(err)
		}
	}
	ev := waitFor(t, events, 10*time.Second, "the avatar's bytes", func(ev xmppclient.Event) bool {
		p, ok := ev.(xmppclient.ProfileEvent)
		return ok && p.Profile.Nickname == "Nina" && string(avatarBytes(p.Profile.Avatar)) == string(png)
	})
	// A contact's avatar is kept by its cached file, not in memory: 1,000
	// contacts' avatars would be megabytes (profile/avatarbytes.go).
	if av := ev.(xmppclient.ProfileEvent).Profile.Avatar; av.Data != nil || av.Path == "" {
		t.Fatalf("the contact's avatar holds %d bytes in memory, file %q; want none and its cached file", len(av.Data), av.Path)
	}
}
