package profile

// Update is what a user asks to change: the five fields of the SDK's
// "Update User Profile Detail". Validate it before anything is sent.
type Update struct {
	Nickname     string
	Image        string // a local file path or an http(s) URL; "" keeps the current avatar
	Status       string
	MobileNumber string
	Email        string
	// Avatar, when set, is Image already loaded with LoadImage: a
	// publisher uses it instead of reading or downloading Image again.
	Avatar *Avatar
	// RemoveImage publishes "no avatar" (XEP-0084 empty metadata, no
	// vcard-temp PHOTO, an empty XEP-0153 hash); Image and Avatar are
	// then ignored.
	RemoveImage bool
	// Visibility changes who may see the profile; "" keeps the current
	// setting.
	Visibility Visibility
	// PublishURL publishes the address of an image given by http(s) URL
	// (in the avatar metadata and as the vCard4 photo) besides the image
	// itself. Off by default: a URL may carry a token, and contacts need
	// only the image.
	PublishURL bool
}

// PublishedAvatar is a as u publishes it: with a.Origin's URL as a.URL
// when u.PublishURL, else with no URL at all.
func (u Update) PublishedAvatar(a Avatar) Avatar {
	a.URL = ""
	if u.PublishURL && a.Origin != nil {
		a.URL = a.Origin.URL
	}
	return a
}
