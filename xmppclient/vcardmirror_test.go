package xmppclient

import (
	"testing"

	"github.com/parley-im/parley/profile"
)

func TestPublicMirrorCarriesNothingPrivate(t *testing.T) {
	p := profile.Profile{JID: "a@example.org", Nickname: "A", Status: "s", MobileNumber: "+1555", Email: "a@example.org",
		Avatar: profile.Avatar{ID: "abc", Data: []byte{1}}}
	m := publicMirror(p, profile.Profile{}, profile.VisibilityContacts)
	if m.Nickname != "A" || m.Status != "" || m.MobileNumber != "" || m.Email != "" || m.Avatar.ID != "" {
		t.Fatalf("public copy %+v", m)
	}
	// The photo the server put there itself is our avatar: it stays, or
	// ejabberd removes the avatar.
	seen := profile.Profile{Nickname: "A", Avatar: profile.Avatar{ID: "abc", Data: []byte{1}}}
	if m := publicMirror(p, seen, profile.VisibilityContacts); m.Avatar.ID != "abc" {
		t.Fatalf("the server's photo of our avatar was dropped: %+v", m)
	}
	if !isPublicMirror(seen, p, profile.VisibilityContacts) {
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
		if isPublicMirror(v, p, "") {
			t.Errorf("%+v passed for the public copy", v)
		}
	}
}

// The copy carries what the setting makes public, and nothing more.
func TestPublicMirrorFollowsTheVisibility(t *testing.T) {
	p := profile.Profile{JID: "a@example.org", Nickname: "A", Status: "s", MobileNumber: "+1555", Email: "a@example.org",
		Avatar: profile.Avatar{ID: "abc", Type: "image/png", Data: []byte{1}}}
	mixed := publicMirror(p, profile.Profile{}, profile.VisibilityMixed)
	if mixed.Nickname != "A" || mixed.Avatar.ID != "abc" || mixed.Status != "" || mixed.MobileNumber != "" || mixed.Email != "" {
		t.Fatalf("mixed copy %+v, want nickname and photo only", mixed)
	}
	public := publicMirror(p, profile.Profile{}, profile.VisibilityPublic)
	if public.Status != "s" || public.MobileNumber != "+1555" || public.Email != "a@example.org" || public.Avatar.ID != "abc" {
		t.Fatalf("public copy %+v, want every field", public)
	}
	// A public copy is no mirror for contacts or mixed: going back
	// rewrites it.
	if isPublicMirror(public, p, profile.VisibilityContacts) || isPublicMirror(public, p, profile.VisibilityMixed) {
		t.Fatal("a copy with private fields passed for the contacts or mixed one")
	}
	if !isPublicMirror(public, p, profile.VisibilityPublic) || !isPublicMirror(mixed, p, profile.VisibilityMixed) {
		t.Fatal("the copy written does not pass for itself")
	}
	// A vcard-temp without the photo is rewritten under mixed.
	if isPublicMirror(profile.Profile{Nickname: "A"}, p, profile.VisibilityMixed) {
		t.Fatal("a copy without the public photo passed for the mixed one")
	}
}

func TestNodeAccessFollowsTheVisibility(t *testing.T) {
	for _, c := range []struct {
		v                     profile.Visibility
		vcard4, nick, avatars string
	}{
		{"", "presence", "presence", "presence"},
		{profile.VisibilityContacts, "presence", "presence", "presence"},
		{profile.VisibilityMixed, "presence", "open", "open"},
		{profile.VisibilityPublic, "open", "open", "open"},
	} {
		if got := nodeAccess(c.v, profile.NodeVCard4); got != c.vcard4 {
			t.Errorf("%q: vCard4 %s, want %s", c.v, got, c.vcard4)
		}
		if got := nodeAccess(c.v, profile.NodeNickname); got != c.nick {
			t.Errorf("%q: nickname %s, want %s", c.v, got, c.nick)
		}
		for _, n := range []string{profile.NodeAvatarData, profile.NodeAvatarMetadata} {
			if got := nodeAccess(c.v, n); got != c.avatars {
				t.Errorf("%q: %s %s, want %s", c.v, n, got, c.avatars)
			}
		}
	}
	if got := nodeAccess(profile.VisibilityPublic, "urn:example:other"); got != "presence" {
		t.Errorf("an unknown node is %s under public, want presence", got)
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
