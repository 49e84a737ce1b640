package xmppclient_test

import (
	"encoding/base64"
	"fmt"
	"image/color"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// A contact whose client only does vcard-temp (Profanity, older clients)
// publishes no PEP; a new avatar is announced by the XEP-0153 hash in its
// presence. Parley notices the changed hash and refetches the vCard.
func TestVCardTempOnlyContactIsRefetchedOnNewPhotoHash(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	first, second := smallPNG(t, color.RGBA{255, 0, 0, 255}), smallPNG(t, color.RGBA{0, 0, 255, 255})
	var current atomic.Pointer[[]byte]
	current.Store(&first)
	var vcardFetches atomic.Int32
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name != "iq" || st.Type != "get" {
			return false
		}
		switch {
		case strings.Contains(st.Inner, "http://jabber.org/protocol/pubsub"):
			_ = s.ReplyError(st, "item-not-found") // no PEP at all
			return true
		case strings.Contains(st.Inner, "vcard-temp"):
			vcardFetches.Add(1)
			photo := base64.StdEncoding.EncodeToString(*current.Load())
			_ = s.ReplyIQ(st, "<vCard xmlns='vcard-temp'><NICKNAME>Old School</NICKNAME><PHOTO><TYPE>image/png</TYPE><BINVAL>"+photo+"</BINVAL></PHOTO></vCard>")
			return true
		}
		return false
	})
	c, events, s := fakeOnline(t, f)
	ctx := testenv.Context(t, 20*time.Second)

	p, err := c.GetProfile(ctx, contactJID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Nickname != "Old School" || p.Avatar.ID != sha1Hex(first) {
		t.Fatalf("vcard-temp profile %+v", p)
	}
	presence := func(hash string) string {
		return fmt.Sprintf("<presence from='%s/old'><x xmlns='vcard-temp:x:update'><photo>%s</photo></x></presence>", contactJID, hash)
	}
	// The same hash again: nothing to fetch.
	before := vcardFetches.Load()
	if err := s.Send(presence(sha1Hex(first))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, events, 5*time.Second, "the presence", func(ev xmppclient.Event) bool {
		pe, ok := ev.(xmppclient.PresenceEvent)
		return ok && pe.From == contactJID
	})
	// A new hash: the profile is fetched again and reported.
	current.Store(&second)
	if err := s.Send(presence(sha1Hex(second))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, events, 5*time.Second, "the refetched profile", func(ev xmppclient.Event) bool {
		pe, ok := ev.(xmppclient.ProfileEvent)
		return ok && pe.Profile.JID == contactJID && pe.Profile.Avatar.ID == sha1Hex(second)
	})
	if got := vcardFetches.Load() - before; got != 1 {
		t.Fatalf("%d vCard fetches for one changed hash (and one unchanged)", got)
	}
}
