package xmppclient_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// The privacy tests read the profile as a stranger: a fresh account that
// is not a contact, asking with raw IQs as any client could, through
// every door there is: the vCard4 node (XEP-0292) and vcard-temp
// (XEP-0054).

const (
	privatePhone = "+15550199"
	privateEmail = "alice.private@example.org"
)

// privateUpdate is a profile whose mobile number, e-mail and photo are
// private under the default (contacts-only) setting.
func privateUpdate(t *testing.T) profile.Update {
	return profile.Update{Nickname: "Alice", Status: "s", MobileNumber: privatePhone, Email: privateEmail, Image: pngFile(t, t.TempDir(), 32, 32)}
}

// stranger logs in a fresh account that is no contact of anybody.
func stranger(t *testing.T, srv *testenv.Server) *legacyClient {
	t.Helper()
	j, pw := testenv.Account(t, srv)
	return legacyLogin(t, srv, j, pw)
}

const vcard4Items = `<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='` + profile.NodeVCard4 + `'/></pubsub>`

// leaks returns what of secrets (and a vcard-temp photo) s reads about
// owner on srv, with the reply that carried it. On ejabberd the photo is
// not checked: its mod_avatar copies every XEP-0084 avatar into
// vcard-temp, which every user may read, and removes the avatar when
// vcard-temp has no photo (docs/PROFILE-FIELDS.md).
func leaks(t *testing.T, srv *testenv.Server, s *legacyClient, owner string, secrets ...string) []string {
	t.Helper()
	var found []string
	for door, payload := range map[string]string{
		"vCard4":     vcard4Items,
		"vcard-temp": `<vCard xmlns='vcard-temp'/>`,
	} {
		reply := s.iq(t, stanza.GetIQ, owner, payload)
		for _, secret := range secrets {
			if strings.Contains(reply, secret) {
				found = append(found, door+" carries "+secret+": "+reply)
			}
		}
		if door == "vcard-temp" && srv.Name != testenv.EjabberdName && strings.Contains(reply, "BINVAL") {
			found = append(found, "vcard-temp carries the photo: "+reply)
		}
	}
	return found
}

func TestPrivacyStrangerReadsNoPrivateField(t *testing.T) {
	testenv.EachServer(t, testPrivacyStrangerReadsNoPrivateField)
}

func testPrivacyStrangerReadsNoPrivateField(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, time.Minute)
	a, _, b, _ := friends(t, srv)
	s := stranger(t, srv)
	if _, err := a.UpdateProfile(ctx, privateUpdate(t)); err != nil {
		t.Fatal(err)
	}
	for _, l := range leaks(t, srv, s, a.Account(), "15550199", privateEmail) {
		t.Error("stranger: " + l)
	}
	p, err := b.GetProfile(ctx, a.Account())
	if err != nil {
		t.Fatal(err)
	}
	if p.MobileNumber != privatePhone || p.Email != privateEmail {
		t.Fatalf("the contact reads %+v, want the mobile number and the e-mail", p)
	}
}

// A vCard4 node another client made "visible to everyone", holding an
// old number: Parley's save of a private number makes it contacts-only,
// or fails and publishes nothing.
func TestPrivacyOpenNodeIsNotWrittenTo(t *testing.T) {
	testenv.EachServer(t, testPrivacyOpenNodeIsNotWrittenTo)
}

func testPrivacyOpenNodeIsNotWrittenTo(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, time.Minute)
	j, pw := testenv.Account(t, srv)
	other := legacyLogin(t, srv, j, pw)
	reply := other.iq(t, stanza.SetIQ, "", `<pubsub xmlns='http://jabber.org/protocol/pubsub'>`+
		`<publish node='`+profile.NodeVCard4+`'><item id='current'><vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>`+
		`<fn><text>Other Client</text></fn><tel><uri>tel:+15550100</uri></tel></vcard></item></publish>`+
		`<publish-options><x xmlns='jabber:x:data' type='submit'>`+
		`<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>`+
		`<field var='pubsub#access_model'><value>open</value></field></x></publish-options></pubsub>`)
	if isErrorIQ(reply) {
		t.Fatalf("open publish refused: %s", reply)
	}
	s := stranger(t, srv)
	// The set-up works: the node is open.
	if got := s.iq(t, stanza.GetIQ, j, vcard4Items); !strings.Contains(got, "15550100") {
		t.Fatalf("the stranger does not read the open node:\n%s", got)
	}

	a, aEv := connectAs(t, srv, j, pw)
	_, err := a.UpdateProfile(ctx, privateUpdate(t))
	for _, l := range leaks(t, srv, s, j, "15550199", "15550100", privateEmail) {
		t.Error("stranger: " + l)
	}
	var nae *xmppclient.NodeAccessError
	switch {
	case err == nil:
		waitFor(t, aEv, 5*time.Second, "the reconfiguration notice", func(ev xmppclient.Event) bool {
			re, ok := ev.(xmppclient.NodeReconfiguredEvent)
			return ok && re.Node == profile.NodeVCard4 && re.AccessModel == "presence"
		})
	case errors.As(err, &nae):
		t.Logf("the save failed clearly: %v", err)
	default:
		t.Fatalf("save: %v, want success or a NodeAccessError", err)
	}
}

// A vcard-temp that already answers the values being saved, written by
// an earlier session (here as the Parley of old did, every field
// included), does not pass for a server that converts: the save leaves
// nothing private in it on ejabberd, and keeps the vCard4 on Prosody.
// Two sessions save in turn, the stranger checks after each.
func TestPrivacyEarlierCopyDoesNotFoolTheMirror(t *testing.T) {
	testenv.EachServer(t, testPrivacyEarlierCopyDoesNotFoolTheMirror)
}

func testPrivacyEarlierCopyDoesNotFoolTheMirror(t *testing.T, srv *testenv.Server) {
	j, pw := testenv.Account(t, srv)
	old := legacyLogin(t, srv, j, pw)
	old.setVCardTemp(t, `<vCard xmlns='vcard-temp'><FN>Alice</FN><NICKNAME>Alice</NICKNAME>`+
		`<TEL><CELL/><VOICE/><NUMBER>`+privatePhone+`</NUMBER></TEL>`+
		`<EMAIL><INTERNET/><USERID>`+privateEmail+`</USERID></EMAIL><DESC>s</DESC></vCard>`)
	s := stranger(t, srv)
	contactJ, contactPW := testenv.Account(t, srv)
	b, bEv := connectAs(t, srv, contactJ, contactPW)

	u := privateUpdate(t)
	u.Image = ""
	for i := 1; i <= 2; i++ {
		a, aEv := connectAs(t, srv, j, pw)
		if i == 1 {
			befriend(t, a, aEv, b, bEv)
		}
		ctx := testenv.Context(t, time.Minute)
		if _, err := a.UpdateProfile(ctx, u); err != nil {
			t.Fatalf("save %d: %v", i, err)
		}
		for _, l := range leaks(t, srv, s, j, "15550199", privateEmail) {
			t.Errorf("after save %d, stranger: %s", i, l)
		}
		p, err := b.GetProfile(ctx, j)
		if err != nil {
			t.Fatal(err)
		}
		if p.MobileNumber != privatePhone || p.Email != privateEmail {
			t.Fatalf("after save %d the contact reads %+v, want the mobile number and the e-mail", i, p)
		}
		lctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = a.Logout(lctx)
		cancel()
	}
}
