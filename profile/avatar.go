package profile

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
)

// XEP-0084 user avatar: the image in the PEP node NodeAvatarData (item id =
// the avatar's id) and its description in NodeAvatarMetadata.

// AvatarID is the XEP-0084 / XEP-0153 id of an image: the lower-case hex
// SHA-1 of its bytes.
func AvatarID(data []byte) string {
	sum := sha1.Sum(data)
	return hex.EncodeToString(sum[:])
}

// IsAvatarID reports whether s is 40 lower-case hex digits.
func IsAvatarID(s string) bool {
	if len(s) != 2*sha1.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

type avatarData struct {
	XMLName xml.Name `xml:"urn:xmpp:avatar:data data"`
	Text    string   `xml:",chardata"`
}

// EncodeAvatarData writes <data xmlns='urn:xmpp:avatar:data'> with the
// image in base64 (unwrapped).
func EncodeAvatarData(data []byte) []byte {
	return marshal(avatarData{Text: base64.StdEncoding.EncodeToString(data)})
}

// DecodeAvatarData reads a <data/> payload and returns the image bytes.
// Base64 wrapped in lines (as some clients write it) is accepted. More than
// 10 MiB of image is refused (413) before it is decoded. The bytes are not
// checked as an image: use VerifyAvatar and CheckImage.
func DecodeAvatarData(b []byte) ([]byte, error) {
	const what = "avatar"
	if len(b) > maxAvatarXMLBytes {
		return nil, tooLarge(what, len(b), maxAvatarXMLBytes)
	}
	var d struct {
		Text string `xml:",chardata"`
	}
	if err := decodeRoot(b, what, NSAvatarData, "data", &d); err != nil {
		return nil, err
	}
	data, err := decodeBase64(d.Text, what)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, malformed(what, errors.New("no data"))
	}
	return data, nil
}

// decodeBase64 decodes standard base64 with or without padding, ignoring
// white space, refusing more than MaxImageBytes of output.
func decodeBase64(s, what string) ([]byte, error) {
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\v', '\f':
			return -1
		}
		return r
	}, s)
	if n := base64.RawStdEncoding.DecodedLen(len(strings.TrimRight(clean, "="))); n > MaxImageBytes {
		return nil, tooLarge(what, n, MaxImageBytes)
	}
	enc := base64.StdEncoding
	if len(clean)%4 != 0 {
		enc = base64.RawStdEncoding
	}
	data, err := enc.DecodeString(clean)
	if err != nil {
		return nil, malformed(what, err)
	}
	return data, nil
}

type avatarMeta struct {
	XMLName xml.Name     `xml:"urn:xmpp:avatar:metadata metadata"`
	Info    []avatarInfo `xml:"info"`
}

type avatarInfo struct {
	Bytes  string `xml:"bytes,attr"`
	ID     string `xml:"id,attr"`
	Type   string `xml:"type,attr"`
	Width  string `xml:"width,attr,omitempty"`
	Height string `xml:"height,attr,omitempty"`
	URL    string `xml:"url,attr,omitempty"`
}

// EncodeAvatarMetadata writes <metadata xmlns='urn:xmpp:avatar:metadata'>
// with one <info/> describing the image in the data node: bytes
// (len(a.Data), so Data must be set), id, type, width and height (when
// known). When a.URL is set and a.Origin describes the image at that URL,
// a second <info/> says where that image is (url) and what it is (its own
// bytes, id, type and size, as XEP-0084 wants of every <info/>); the
// data's <info/> never has a url, so a reader (and ejabberd's vcard-temp
// conversion) takes the data, not the address. With a.ID == "" it writes
// an empty <metadata/>, which tells contacts the avatar is disabled.
func EncodeAvatarMetadata(a Avatar) []byte {
	m := avatarMeta{}
	if a.ID != "" {
		m.Info = []avatarInfo{infoOf(len(a.Data), a.ID, a.Type, a.Width, a.Height, "")}
		if o := a.Origin; a.URL != "" && o != nil && o.URL == a.URL && httpURL(o.URL) != "" {
			m.Info = append(m.Info, infoOf(o.Bytes, o.ID, o.Type, o.Width, o.Height, o.URL))
		}
	}
	return marshal(m)
}

func infoOf(bytes int, id, typ string, w, h int, url string) avatarInfo {
	info := avatarInfo{Bytes: strconv.Itoa(bytes), ID: id, Type: typ, URL: url}
	if w > 0 && h > 0 {
		info.Width, info.Height = strconv.Itoa(w), strconv.Itoa(h)
	}
	return info
}

// maxAvatarInfos is how many <info/> elements are looked at.
const maxAvatarInfos = 32

// DecodeAvatarMetadata reads a <metadata/> payload. An empty <metadata/>
// means the contact disabled the avatar: disabled is true and a is zero.
// Otherwise a describes the image in the data node: the first <info/>
// without a url, image/png preferred (else, with none, the first with a
// url; ID lower-cased, Type, Width, Height), and URL is its url — or, if
// it has none, another info's url (the same image in another format) —
// kept only when it is an http(s) URL. Data is nil: fetch the item a.ID
// from the data node, or a.URL, then VerifyAvatar.
//
// The announced bytes are not checked here (the Avatar has no field for
// them): an image over 10 MiB is refused by DecodeAvatarData, so a
// contact announcing a huge avatar still has a readable profile.
func DecodeAvatarMetadata(b []byte) (a Avatar, disabled bool, err error) {
	const what = "avatar description"
	if len(b) > maxMetadataBytes {
		return Avatar{}, false, tooLarge(what, len(b), maxMetadataBytes)
	}
	var m struct {
		Info []avatarInfo `xml:"info"`
	}
	if err := decodeRoot(b, what, NSAvatarMeta, "metadata", &m); err != nil {
		return Avatar{}, false, err
	}
	infos := m.Info
	if len(infos) > maxAvatarInfos {
		infos = infos[:maxAvatarInfos]
	}
	if len(infos) == 0 {
		return Avatar{}, true, nil
	}
	// An id counts only as it will be kept: one that sanitises to nothing
	// (control characters alone) is no id, not an avatar without one.
	avatarID := func(in avatarInfo) string { return SanitizeLine(strings.ToLower(strings.TrimSpace(in.ID)), 128) }
	// The image to fetch from the data node: an <info/> with no url
	// describes it (one with a url is an image elsewhere), image/png
	// first; only without one, an <info/> with a url.
	pick := -1
	for _, want := range []func(avatarInfo) bool{
		func(in avatarInfo) bool { return isPNG(in) && httpURL(in.URL) == "" },
		func(in avatarInfo) bool { return httpURL(in.URL) == "" },
		isPNG,
		func(avatarInfo) bool { return true },
	} {
		for i, in := range infos {
			if want(in) && avatarID(in) != "" {
				pick = i
				break
			}
		}
		if pick >= 0 {
			break
		}
	}
	if pick < 0 {
		return Avatar{}, false, malformed(what, errors.New("no info has an id"))
	}
	in := infos[pick]
	a = Avatar{
		ID:     avatarID(in),
		Type:   SanitizeLine(strings.ToLower(strings.TrimSpace(in.Type)), 64),
		Width:  dimension(in.Width),
		Height: dimension(in.Height),
		URL:    httpURL(in.URL),
	}
	if a.URL == "" {
		for _, other := range infos {
			if u := httpURL(other.URL); u != "" {
				a.URL = u
				break
			}
		}
	}
	return a, false, nil
}

func isPNG(in avatarInfo) bool { return strings.EqualFold(strings.TrimSpace(in.Type), "image/png") }

// dimension parses an announced width or height; nonsense is 0.
func dimension(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 1<<16 {
		return 0
	}
	return n
}

// VerifyAvatar checks that data is the avatar announced with id: its
// SHA-1 must match (case-insensitively). A mismatch is an error wrapping
// ErrMalformed (500): the data was corrupted or is not the announced
// image.
func VerifyAvatar(data []byte, id string) error {
	want := strings.ToLower(strings.TrimSpace(id))
	if got := AvatarID(data); got != want {
		return &ChecksumError{Got: got, Want: Sanitize(id)}
	}
	return nil
}
