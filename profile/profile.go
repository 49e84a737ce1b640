package profile

// Profile is a user's public profile: what the SDK calls the "Profile
// Details Object". Strings in a Profile that came from the network have been
// through Sanitize.
type Profile struct {
	JID      string // bare JID of the owner
	Nickname string
	Status   string // the status text (vCard4 NOTE, presence <status>)
	// MobileNumber is the number as its owner typed it ("+44 20 7946
	// 0958"); on the wire the vCard4 tel: URI carries it normalised (see
	// EncodeVCard4, DecodeVCard4 and NormalizeMobile).
	MobileNumber string
	Email        string
	Avatar       Avatar
	// Visibility is who may see the profile: known, and set, for the own
	// profile only (the account's setting); "" for anyone else's.
	Visibility Visibility
}

// Avatar is the profile image: XEP-0084 metadata plus, when loaded, the
// bytes.
type Avatar struct {
	ID     string // lower-case hex SHA-1 of Data
	Type   string // MIME type, e.g. image/png
	Width  int
	Height int
	URL    string // an http(s) URL the image is also available at, if any
	Data   []byte // the image bytes; nil when not fetched, or kept only at Path (Bytes reads them)
	Path   string // where the cached copy lives on disk, if any
	// Origin is, for an image the user gave by URL, that URL and the
	// image as it was served there. It is never published by itself:
	// Update.PublishedAvatar turns it into URL when the user asks.
	Origin *Origin
}

// Origin is an image as an http(s) URL served it, before it was made an
// avatar: what the avatar metadata's <info/> for that URL describes.
type Origin struct {
	URL           string
	ID            string // SHA-1 hex of the bytes served
	Type          string // e.g. image/jpeg
	Bytes         int
	Width, Height int
}

// IsZero reports whether nothing at all was published.
func (p Profile) IsZero() bool {
	return p.Nickname == "" && p.Status == "" && p.MobileNumber == "" &&
		p.Email == "" && p.Avatar.ID == "" && p.Avatar.URL == ""
}
