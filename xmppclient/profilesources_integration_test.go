package xmppclient_test

import (
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

func profileOf(jid string, ok func(profile.Profile) bool) func(xmppclient.Event) bool {
	return func(ev xmppclient.Event) bool {
		pe, is := ev.(xmppclient.ProfileEvent)
		return is && pe.Profile.JID == jid && ok(pe.Profile)
	}
}

// A contact whose client writes only vCard4 (no XEP-0172 node) renames
// himself there, and the new name is seen live.
func TestVCard4OnlyNicknameChangeIsSeenLive(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		a, aEv, b, _ := friends(t, srv)
		ctx := testenv.Context(t, time.Minute)
		for _, nick := range []string{"First Name", "Second Name"} {
			v, err := profile.EncodeVCard4(profile.Profile{Nickname: nick})
			if err != nil {
				t.Fatal(err)
			}
			if err := b.Publish(ctx, profile.NodeVCard4, "current", v, xmppclient.PublishOptions{AccessModel: "presence"}); err != nil {
				t.Fatal(err)
			}
			waitFor(t, aEv, 15*time.Second, "the nickname "+nick, profileOf(b.Account(), func(p profile.Profile) bool { return p.Nickname == nick }))
		}
		_ = a
	})
}

// A contact with a XEP-0172 nickname but no vCard4 (as Conversations
// publishes) keeps his e-mail in vcard-temp: the profile shows both.
func TestPEPNicknameAndVCardTempEmailBothShow(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		bJID, bPW := testenv.Account(t, srv)
		a, aEv := online(t, srv)
		b, bEv := connectAs(t, srv, bJID, bPW)
		befriend(t, a, aEv, b, bEv)
		ctx := testenv.Context(t, time.Minute)
		legacyLogin(t, srv, bJID, bPW).setVCardTemp(t, `<vCard xmlns='vcard-temp'><EMAIL><INTERNET/><USERID>convo@example.org</USERID></EMAIL></vCard>`)
		if err := b.Publish(ctx, profile.NodeNickname, "current", profile.EncodeNickname("Convo User"), xmppclient.PublishOptions{AccessModel: "presence"}); err != nil {
			t.Fatal(err)
		}
		testenv.Eventually(t, 15*time.Second, "nickname and e-mail", func() bool {
			p, err := a.GetProfile(ctx, bJID)
			return err == nil && p.Nickname == "Convo User" && p.Email == "convo@example.org"
		})
	})
}
