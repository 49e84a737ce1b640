package xmppclient_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// Parley answers XEP-0012 queries about its own idle time on both
// servers: a contact gets a number of seconds, a stranger does not.
func TestLastActivityAnswerOnServers(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		a, _ := online(t, srv)
		lj, lpw := testenv.Account(t, srv)
		l := legacyLogin(t, srv, lj, lpw)
		befriendLegacy(t, a, l)

		reply := l.iq(t, stanza.GetIQ, a.CurrentJID(), `<query xmlns='jabber:iq:last'/>`)
		if isErrorIQ(reply) || !strings.Contains(reply, "jabber:iq:last") || !strings.Contains(reply, "seconds=") {
			t.Fatalf("a contact asked for the last activity and got:\n%s", reply)
		}
		sj, spw := testenv.Account(t, srv)
		stranger := legacyLogin(t, srv, sj, spw)
		stranger.presence(t, "", "")
		reply = stranger.iq(t, stanza.GetIQ, a.CurrentJID(), `<query xmlns='jabber:iq:last'/>`)
		// Prosody routes the query and Parley refuses it; ejabberd does not
		// route a stranger's query to a full JID at all
		// (service-unavailable). Either way no idle time leaks.
		if !isErrorIQ(reply) || strings.Contains(reply, "seconds=") {
			t.Fatalf("a stranger asked for the last activity and got:\n%s", reply)
		}
		if srv.Name == testenv.ProsodyName && !strings.Contains(reply, "forbidden") {
			t.Fatalf("Parley's refusal should be forbidden:\n%s", reply)
		}
	})
}

// Parley's own presence carries the XEP-0153 hash of its avatar, so that a
// vcard-temp-only contact learns of a new photo, on both servers. Both
// servers also stamp the hash into presence themselves (Prosody's
// vcard_legacy, ejabberd's vcard-xupdate), so what the contact receives
// proves little about Parley: the stanza log shows what Parley sent.
func TestOwnPresenceCarriesPhotoHash(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		ctx := testenv.Context(t, time.Minute)
		aj, apw := testenv.Account(t, srv)
		cfg := config(srv, aj, apw)
		cfg.AvatarCacheDir = t.TempDir()
		sent := &syncBuffer{}
		cfg.DebugXML = sent
		a := xmppclient.New(cfg)
		if err := a.Connect(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = a.Logout(context.Background()) })
		lj, lpw := testenv.Account(t, srv)
		l := legacyLogin(t, srv, lj, lpw)
		befriendLegacy(t, a, l)

		got, err := a.UpdateProfile(ctx, profile.Update{Nickname: "Hash", Image: pngFile(t, t.TempDir(), 64, 64)})
		if err != nil {
			t.Fatal(err)
		}
		if got.Avatar.ID == "" {
			t.Fatal("UpdateProfile returned no avatar id")
		}
		sentRe := regexp.MustCompile(`SEND <presence[^>]*>.*?<photo[^>]*>` + got.Avatar.ID + `</photo>`)
		if !sentRe.MatchString(sent.String()) {
			t.Fatalf("Parley sent no presence with the hash %s", got.Avatar.ID)
		}
		want := "<photo xmlns='vcard-temp:x:update'>" + got.Avatar.ID + "</photo>"
		deadline := time.After(15 * time.Second)
		var seen []string
		for {
			select {
			case p := <-l.presences:
				if !strings.Contains(p, a.Account()+"/") {
					continue
				}
				seen = append(seen, p)
				if strings.Contains(p, want) {
					return
				}
			case <-deadline:
				t.Fatalf("no presence of %s with %s; saw:\n%s", a.Account(), want, strings.Join(seen, "\n"))
			}
		}
	})
}
