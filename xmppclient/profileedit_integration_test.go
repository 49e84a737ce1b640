package xmppclient_test

import (
	"strings"
	"testing"
	"time"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
)

// A save changes only the fields Parley edits: a full name, birthday,
// address and typed numbers another client put in the vCard4 survive it.
func TestProfileSaveKeepsForeignVCard4Fields(t *testing.T) {
	testenv.EachServer(t, testProfileSaveKeepsForeignVCard4Fields)
}

func testProfileSaveKeepsForeignVCard4Fields(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, time.Minute)
	j, pw := testenv.Account(t, srv)
	other := legacyLogin(t, srv, j, pw)
	reply := other.iq(t, stanza.SetIQ, "", `<pubsub xmlns='http://jabber.org/protocol/pubsub'>`+
		`<publish node='`+profile.NodeVCard4+`'><item id='current'><vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>`+
		`<fn><text>Alice Liddell</text></fn><nickname><text>al</text></nickname>`+
		`<bday><date>1852-05-04</date></bday>`+
		`<adr><parameters><type><text>home</text></type></parameters><locality>Oxford</locality></adr>`+
		`<tel><parameters><type><text>work</text></type></parameters><uri>tel:+441865000000</uri></tel>`+
		`<email><parameters><type><text>home</text></type></parameters><text>old@example.org</text></email>`+
		`</vcard></item></publish></pubsub>`)
	if isErrorIQ(reply) {
		t.Fatalf("foreign publish refused: %s", reply)
	}
	a, _ := connectAs(t, srv, j, pw)
	if _, err := a.UpdateProfile(ctx, profile.Update{Nickname: "Ally", MobileNumber: "+15550199", Email: "new@example.org"}); err != nil {
		t.Fatal(err)
	}
	got := other.iq(t, stanza.GetIQ, "", vcard4Items)
	for _, want := range []string{
		"Alice Liddell</text>", "1852-05-04</date>", "Oxford</locality>", "tel:+441865000000</uri>",
		"work</text>", "home</text>", "new@example.org</text>", "Ally</text>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the vCard4 after the save lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "old@example.org") {
		t.Errorf("the old e-mail survived:\n%s", got)
	}
	p, err := a.GetProfile(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.MobileNumber != "+15550199" || p.Email != "new@example.org" || p.Nickname != "Ally" {
		t.Errorf("read back %+v", p)
	}
}
