package profile

import (
	"encoding/xml"
	"errors"
	"strings"
)

// XEP-0153 vCard-based avatars: the avatar hash in presence.

type xUpdate struct {
	XMLName xml.Name `xml:"vcard-temp:x:update x"`
	Photo   *string  `xml:"photo"`
}

// EncodeVCardUpdate writes the <x xmlns='vcard-temp:x:update'/> element
// for presence. With a hash (the SHA-1 hex of the avatar, Avatar.ID) it
// carries <photo>hash</photo>. With "" it carries no <photo> at all, which
// XEP-0153 defines as "not ready to say" — the safe choice while the own
// avatar is not yet known, since it never makes other clients drop an
// avatar. To announce that there is no avatar, use
// EncodeVCardUpdateNoAvatar.
func EncodeVCardUpdate(hash string) []byte {
	x := xUpdate{}
	if hash != "" {
		h := strings.ToLower(hash)
		x.Photo = &h
	}
	return marshal(x)
}

// EncodeVCardUpdateNoAvatar writes <x xmlns='vcard-temp:x:update'><photo/></x>:
// the user has no avatar.
func EncodeVCardUpdateNoAvatar() []byte {
	empty := ""
	return marshal(xUpdate{Photo: &empty})
}

// DecodeVCardUpdate reads an <x xmlns='vcard-temp:x:update'/> element from
// presence. present is false when there is no <photo> (the sender does not
// say); with present true, hash is the avatar's SHA-1 in lower-case hex,
// or "" for "no avatar". A photo that is not 40 hex digits is malformed.
func DecodeVCardUpdate(b []byte) (hash string, present bool, err error) {
	const what = "avatar hash in presence"
	if len(b) > maxXUpdateBytes {
		return "", false, tooLarge(what, len(b), maxXUpdateBytes)
	}
	var x struct {
		Photo *string `xml:"photo"`
	}
	if err := decodeRoot(b, what, NSVCardUpdate, "x", &x); err != nil {
		return "", false, err
	}
	if x.Photo == nil {
		return "", false, nil
	}
	h := strings.ToLower(strings.TrimSpace(*x.Photo))
	if h != "" && !IsAvatarID(h) {
		return "", false, malformed(what, errors.New("photo is not a SHA-1 hex digest"))
	}
	return h, true, nil
}
