package xmppclient_test

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"image/color"
	"strings"
	"testing"
	"time"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// Parley and a client that only knows vcard-temp (XEP-0054) see each
// other's profiles on both servers, although the servers get there
// differently: Prosody's mod_vcard_legacy converts vcard-temp ⇄ vCard4
// (and avatar) PEP; ejabberd converts nothing but the photo (mod_avatar
// copies it both ways between vcard-temp and XEP-0084), so Parley writes
// vcard-temp itself, with the public fields only, since ejabberd answers
// it to anyone, and reads it when there is no vCard4.
func TestVCardTempInterop(t *testing.T) {
	testenv.EachServer(t, testVCardTempInterop)
}

func testVCardTempInterop(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, time.Minute)
	a, _ := online(t, srv)
	lj, lpw := testenv.Account(t, srv)
	l := legacyLogin(t, srv, lj, lpw)
	befriendLegacy(t, a, l)

	t.Run("a vcard-temp-only reader sees the profile Parley set", func(t *testing.T) {
		u := profile.Update{Nickname: "Alice Ångström", Image: pngFile(t, t.TempDir(), 64, 64), Status: "s", MobileNumber: "+44 20-7946 0958", Email: "alice@example.org"}
		got, err := a.UpdateProfile(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		reply := l.iq(t, stanza.GetIQ, a.Account(), `<vCard xmlns='vcard-temp'/>`)
		public := []string{
			u.Nickname + "</NICKNAME>",
			// On ejabberd the photo is there by mod_avatar's doing.
			base64.StdEncoding.EncodeToString(got.Avatar.Data) + "</BINVAL>",
		}
		private := []string{u.Email + "</USERID>", "+442079460958</NUMBER>"}
		want, unwanted := append(public, private...), []string(nil)
		if srv.Name == testenv.EjabberdName {
			// ejabberd answers vcard-temp to anyone: the contacts-only
			// fields stay out (TestPrivacyStrangerReadsNoPrivateField).
			want, unwanted = public, private
		}
		for _, w := range want {
			if !strings.Contains(reply, w) {
				t.Errorf("the vcard-temp lacks %q:\n%s", w, reply)
			}
		}
		for _, w := range unwanted {
			if strings.Contains(reply, w) {
				t.Errorf("the vcard-temp carries %q, readable by anyone on this server:\n%s", w, reply)
			}
		}
	})

	photo := smallPNG(t, color.RGBA{255, 0, 0, 255})
	sum := sha1.Sum(photo)
	photoID := hex.EncodeToString(sum[:])
	l.setVCardTemp(t, `<vCard xmlns='vcard-temp'><NICKNAME>Old School</NICKNAME><EMAIL><INTERNET/><USERID>old@example.org</USERID></EMAIL><PHOTO><TYPE>image/png</TYPE><BINVAL>`+base64.StdEncoding.EncodeToString(photo)+`</BINVAL></PHOTO></vCard>`)

	t.Run("Parley sees a vcard-temp-only profile", func(t *testing.T) {
		p, err := a.GetProfile(ctx, lj)
		if err != nil {
			t.Fatal(err)
		}
		// On ejabberd, mod_avatar has also turned the PHOTO into an
		// XEP-0084 avatar: the avatar comes from PEP, the rest from
		// vcard-temp.
		if p.Nickname != "Old School" || p.Email != "old@example.org" {
			t.Errorf("profile %+v, want nickname Old School and email old@example.org", p)
		}
		if p.Avatar.ID != photoID || !bytes.Equal(avatarBytes(p.Avatar), photo) {
			t.Errorf("avatar %q (%d bytes), want %q (%d bytes)", p.Avatar.ID, len(p.Avatar.Data), photoID, len(photo))
		}
	})

	// What the servers do with vcard-temp differs, and Parley relies on
	// it: the vCard4 node of a vcard-temp-only account.
	t.Run("only Prosody converts vcard-temp to vCard4", func(t *testing.T) {
		reply := l.iq(t, stanza.GetIQ, "", `<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='`+profile.NodeVCard4+`'/></pubsub>`)
		converted := strings.Contains(reply, "Old School</text>")
		missing := isErrorIQ(reply) && strings.Contains(reply, "item-not-found")
		switch srv.Name {
		case testenv.ProsodyName:
			if !converted {
				t.Fatalf("Prosody did not convert the vcard-temp to vCard4:\n%s", reply)
			}
		case testenv.EjabberdName:
			if !missing {
				t.Fatalf("ejabberd now has a vCard4 node for a vcard-temp-only account (docs/server-differences.md, ejabberd, says it does not convert):\n%s", reply)
			}
		}
	})
}

// befriendLegacy makes Parley's a and the legacy client l mutual contacts:
// a asks, l approves once the request has reached it and asks back, and
// Parley approves the request of a contact it asked itself. Approving
// earlier races the request, which travels on a's connection: ejabberd
// then routes l's approval to a without recording it in l's roster, so a
// and l disagree about the subscription.
func befriendLegacy(t *testing.T, a *xmppclient.Client, l *legacyClient) {
	t.Helper()
	ctx := testenv.Context(t, 30*time.Second)
	lj := l.jid.Bare().String()
	l.presence(t, "", "")
	if err := a.AddContact(ctx, lj, ""); err != nil {
		t.Fatal(err)
	}
	select {
	case from := <-l.subscribe:
		if from != a.Account() {
			t.Fatalf("the legacy client got a subscription request from %s, want %s", from, a.Account())
		}
	case <-ctx.Done():
		t.Fatalf("the legacy client got no subscription request from %s", a.Account())
	}
	l.presence(t, stanza.SubscribedPresence, a.Account())
	l.presence(t, stanza.SubscribePresence, a.Account())
	// Mutual, and the server agrees: a gets l's presence.
	testenv.Eventually(t, 10*time.Second, a.Account()+" sees the legacy "+lj+" as a mutual contact online", func() bool {
		c, ok := a.Contact(lj)
		return ok && c.Subscription == "both" && c.Show == xmppclient.ShowOnline
	})
}
