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
		return ok && p.Profile.Nickname == "Nina" && p.Profile.Avatar.ID == id && len(p.Profile.Avatar.Data) == 0
	})
	release <- struct{}{}
	waitFor(t, events, 10*time.Second, "the avatar's bytes once answered", func(ev xmppclient.Event) bool {
		p, ok := ev.(xmppclient.ProfileEvent)
		return ok && p.Profile.Nickname == "Nina" && p.Profile.Avatar.ID == id && string(p.Profile.Avatar.Data) == string(png)
	})
	stillUsable(t, s, events)
}
