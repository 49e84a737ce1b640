package profile

// Profile is a user's public profile: what the SDK calls the "Profile
// Details Object". Strings in a Profile that came from the network have been
// through Sanitize.
type Profile struct {
	JID          string // bare JID of the owner
	Nickname     string
	Status       string // the status text (vCard4 NOTE, presence <status>)
	MobileNumber string // normalised: digits with an optional leading +
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
	Data   []byte // the image bytes; nil when not fetched
	Path   string // where the cached copy lives on disk, if any
}

// IsZero reports whether nothing at all was published.
func (p Profile) IsZero() bool {
	return p.Nickname == "" && p.Status == "" && p.MobileNumber == "" &&
		p.Email == "" && p.Avatar.ID == "" && p.Avatar.URL == ""
}
