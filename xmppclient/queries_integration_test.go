package xmppclient_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// A foreign client's XEP-0092 version, XEP-0202 time and disco#items
// queries get answers from Parley on both servers, and disco#info
// advertises all three. The OS is not told unless the user allows it, and
// a stranger is not told the time (its zone says where the user is).
func TestQueriesEveryClientAnswers(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		aj, apw := testenv.Account(t, srv)
		cfg := config(srv, aj, apw)
		cfg.AvatarCacheDir = t.TempDir()
		cfg.SoftwareVersion = "1.2.3-test"
		a := xmppclient.New(cfg)
		if err := a.Connect(testenv.Context(t, 30*time.Second)); err != nil {
			t.Fatalf("connect: %v", err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = a.Logout(ctx)
		})
		lj, lpw := testenv.Account(t, srv)
		l := legacyLogin(t, srv, lj, lpw)
		befriendLegacy(t, a, l)

		reply := l.iq(t, stanza.GetIQ, a.CurrentJID(), `<query xmlns='jabber:iq:version'/>`)
		if isErrorIQ(reply) || !element(reply, "name", "Parley") || !element(reply, "version", "1.2.3-test") {
			t.Errorf("version query got:\n%s", reply)
		}
		if strings.Contains(reply, "<os") {
			t.Errorf("the OS was told without the user's leave:\n%s", reply)
		}
		reply = l.iq(t, stanza.GetIQ, a.CurrentJID(), `<time xmlns='urn:xmpp:time'/>`)
		if isErrorIQ(reply) || !element(reply, "utc", `\d{4}-\d\d-\d\dT[0-9:.]+Z`) || !element(reply, "tzo", `Z|[+-]\d\d:\d\d`) {
			t.Errorf("time query got:\n%s", reply)
		}
		reply = l.iq(t, stanza.GetIQ, a.CurrentJID(), `<query xmlns='http://jabber.org/protocol/disco#items'/>`)
		if isErrorIQ(reply) || !strings.Contains(reply, "disco#items") || strings.Contains(reply, "<item") {
			t.Errorf("disco#items query got:\n%s", reply)
		}
		reply = l.iq(t, stanza.GetIQ, a.CurrentJID(), `<query xmlns='http://jabber.org/protocol/disco#info'/>`)
		for _, ns := range []string{"jabber:iq:version", "urn:xmpp:time", "http://jabber.org/protocol/disco#items"} {
			if !strings.Contains(reply, `"`+ns+`"`) {
				t.Errorf("disco#info does not advertise %s:\n%s", ns, reply)
			}
		}

		sj, spw := testenv.Account(t, srv)
		stranger := legacyLogin(t, srv, sj, spw)
		stranger.presence(t, "", "")
		// Prosody routes the stranger's query and Parley refuses it;
		// ejabberd does not route it to a full JID at all.
		reply = stranger.iq(t, stanza.GetIQ, a.CurrentJID(), `<time xmlns='urn:xmpp:time'/>`)
		if !isErrorIQ(reply) || strings.Contains(reply, "<utc") {
			t.Errorf("a stranger asked for the time and got:\n%s", reply)
		}
		if srv.Name == testenv.ProsodyName && !strings.Contains(reply, "forbidden") {
			t.Errorf("Parley's refusal should be forbidden:\n%s", reply)
		}
	})
}

// element reports whether the reply (as the legacy client re-encodes it,
// with namespaces repeated on every element) has an element named local
// whose whole text matches the regular expression text.
func element(reply, local, text string) bool {
	return regexp.MustCompile(`<` + local + `(\s[^>]*)?>(` + text + `)</` + local + `>`).MatchString(reply)
}
