package xmppclient_test

import (
	"encoding/base64"
	"fmt"
	"image/color"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// pepEvent is a PEP notification of one item of contactJID's node.
func pepEvent(node, item string) string {
	return fmt.Sprintf("<message from='%s'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='%s'>%s</items></event></message>", contactJID, node, item)
}

func nickItem(nick string) string {
	return fmt.Sprintf("<item id='current'><nick xmlns='http://jabber.org/protocol/nick'>%s</nick></item>", nick)
}

func avatarMetaItem(id string, size int) string {
	return fmt.Sprintf("<item id='%s'><metadata xmlns='urn:xmpp:avatar:metadata'><info id='%s' type='image/png' bytes='%d' width='8' height='8'/></metadata></item>", id, id, size)
}

// avatarDataServer answers avatar data requests by item id from avatars
// (id → PNG) and the nickname node with nick; every other PEP node is
// item-not-found.
func avatarDataServer(f *testenv.FakeServer, nick string, avatars map[string][]byte) {
	f.OnStanza(avatarDataHandler(nick, avatars))
}

// avatarDataHandler is avatarDataServer's stanza handler.
func avatarDataHandler(nick string, avatars map[string][]byte) func(*testenv.FakeSession, testenv.FakeStanza) bool {
	idRE := regexp.MustCompile(`<item[^>]* id=["']([0-9a-f]{40})["']`)
	return func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name != "iq" || st.Type != "get" || !strings.Contains(st.Inner, "http://jabber.org/protocol/pubsub") {
			return false
		}
		if strings.Contains(st.Inner, "node='"+profile.NodeNickname+"'") || strings.Contains(st.Inner, `node="`+profile.NodeNickname+`"`) {
			_ = s.ReplyIQ(st, fmt.Sprintf("<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='%s'>%s</items></pubsub>", profile.NodeNickname, nickItem(nick)))
			return true
		}
		m := idRE.FindStringSubmatch(st.Inner)
		if m == nil || !strings.Contains(st.Inner, profile.NSAvatarData) || avatars[m[1]] == nil {
			_ = s.ReplyError(st, "item-not-found")
			return true
		}
		item := fmt.Sprintf("<item id='%s'><data xmlns='urn:xmpp:avatar:data'>%s</data></item>", m[1], base64.StdEncoding.EncodeToString(avatars[m[1]]))
		_ = s.ReplyIQ(st, fmt.Sprintf("<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='%s'>%s</items></pubsub>", profile.NSAvatarData, item))
		return true
	}
}

// A PEP notification is dropped only when it repeats the node's current
// item (the copy Prosody sends to the full JID), never because the same
// value was seen a moment ago: nickname and avatar X → Y → X end on X.
func TestPEPChangeBackToEarlierValue(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	x, y := smallPNG(t, color.White), smallPNG(t, color.Black)
	xID, yID := sha1Hex(x), sha1Hex(y)
	avatarDataServer(f, "Xena", map[string][]byte{xID: x, yID: y})
	c, events, s := fakeOnline(t, f)
	// Known first, so each notification is merged into the profile.
	if _, err := c.GetProfile(testenv.Context(t, 10*time.Second), contactJID); err != nil {
		t.Fatal(err)
	}
	send := func(stanzas ...string) {
		t.Helper()
		for _, st := range stanzas {
			if err := s.Send(st); err != nil {
				t.Fatal(err)
			}
		}
	}
	profileWith := func(nick, avatarID string) func(xmppclient.Event) bool {
		return func(ev xmppclient.Event) bool {
			p, ok := ev.(xmppclient.ProfileEvent)
			return ok && p.Profile.Nickname == nick && p.Profile.Avatar.ID == avatarID && (avatarID == "" || len(avatarBytes(p.Profile.Avatar)) > 0)
		}
	}
	// Each value twice, as Prosody sends it to the bare and the full JID.
	nick := func(n string) {
		send(pepEvent(profile.NodeNickname, nickItem(n)), pepEvent(profile.NodeNickname, nickItem(n)))
	}
	avatar := func(id string, size int) {
		meta := pepEvent(profile.NodeAvatarMetadata, avatarMetaItem(id, size))
		send(meta, meta)
	}
	nick("Xena") // what the profile says already: no event
	nick("Yuri")
	waitFor(t, events, 10*time.Second, "nickname Y", profileWith("Yuri", ""))
	nick("Xena")
	waitFor(t, events, 10*time.Second, "nickname X again", profileWith("Xena", ""))

	avatar(xID, len(x))
	waitFor(t, events, 10*time.Second, "avatar X", profileWith("Xena", xID))
	avatar(yID, len(y))
	waitFor(t, events, 10*time.Second, "avatar Y", profileWith("Xena", yID))
	avatar(xID, len(x))
	waitFor(t, events, 10*time.Second, "avatar X again", profileWith("Xena", xID))
	stillUsable(t, s, events)
}
