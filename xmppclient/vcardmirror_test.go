package xmppclient

import (
	"testing"

	"github.com/parley-im/parley/profile"
)

func TestPublicMirrorCarriesNothingPrivate(t *testing.T) {
	p := profile.Profile{JID: "a@example.org", Nickname: "A", Status: "s", MobileNumber: "+1555", Email: "a@example.org",
		Avatar: profile.Avatar{ID: "abc", Data: []byte{1}}}
	m := publicMirror(p, profile.Profile{})
	if m.Nickname != "A" || m.Status != "" || m.MobileNumber != "" || m.Email != "" || m.Avatar.ID != "" {
		t.Fatalf("public copy %+v", m)
	}
	// The photo the server put there itself is our avatar: it stays, or
	// ejabberd removes the avatar.
	seen := profile.Profile{Nickname: "A", Avatar: profile.Avatar{ID: "abc", Data: []byte{1}}}
	if m := publicMirror(p, seen); m.Avatar.ID != "abc" {
		t.Fatalf("the server's photo of our avatar was dropped: %+v", m)
	}
	if !isPublicMirror(seen, p) {
		t.Fatal("a vcard-temp with the nickname and the server's photo is the public copy")
	}
	// A stale photo, or any private field, is not.
	for _, v := range []profile.Profile{
		{Nickname: "A", Avatar: profile.Avatar{ID: "old", Data: []byte{2}}},
		{Nickname: "A", MobileNumber: "+1555"},
		{Nickname: "A", Email: "a@example.org"},
		{Nickname: "A", Status: "s"},
		{Nickname: "B"},
	} {
		if isPublicMirror(v, p) {
			t.Errorf("%+v passed for the public copy", v)
		}
	}
}

func TestConversionSigns(t *testing.T) {
	p := profile.Profile{Nickname: "A", Email: "a@example.org", MobileNumber: "+1555", Status: "s"}
	// Parley's earlier copy, or the server's conversion: equal values show
	// nothing.
	if observable(p, p) {
		t.Fatal("an equal vcard-temp cannot tell a conversion")
	}
	// Only the number differs: no sign (a work number may be read instead).
	if observable(profile.Profile{Nickname: "A", Email: "a@example.org", MobileNumber: "+1999", Status: "s"}, p) {
		t.Fatal("the number alone was taken for a sign")
	}
	if !observable(profile.Profile{Nickname: "A"}, p) {
		t.Fatal("a public copy without the e-mail is a sign")
	}
	photo := profile.Profile{Nickname: "A", Avatar: profile.Avatar{ID: "new"}}
	if changed(profile.Profile{Nickname: "A"}, photo) {
		t.Fatal("a new photo alone (ejabberd's avatar copy) was taken for a conversion")
	}
}
