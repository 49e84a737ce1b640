package ui

// The visibility row of the profile editor (edit.go): who may see the
// profile, and what older clients show strangers under each setting.

import (
	"fmt"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// visibilityOptions are the settings in the order the row cycles them.
var visibilityOptions = []option{
	{string(profile.VisibilityContacts), "contacts: all for contacts only"},
	{string(profile.VisibilityMixed), "mixed: name and picture for all"},
	{string(profile.VisibilityPublic), "public: everything for everyone"},
}

// newVisibilityField is the row, set to v (the default when v is empty).
func newVisibilityField(v profile.Visibility) *field {
	fl := &field{key: profile.FieldVisibility, label: "Visible to", kind: kindChoice, options: visibilityOptions,
		hint: "Who may see your profile. With mixed, status, mobile and e-mail stay for contacts. Applies when you save."}
	fl.choose(string(v.OrDefault()))
	return fl
}

// legacyNote says what older clients, which read only vcard-temp,
// show people who are not contacts under v. The nickname is there under
// every setting (it also travels in every subscription request), and
// under contacts a server that keeps vcard-temp apart (ejabberd) copies
// the picture there by itself (docs/PROFILE-FIELDS.md).
func legacyNote(v profile.Visibility) string {
	switch v.OrDefault() {
	case profile.VisibilityPublic:
		return "Older clients (vcard-temp) show everyone every field."
	case profile.VisibilityMixed:
		return "Older clients (vcard-temp) show everyone your name and picture, nothing else."
	}
	return "Older clients (vcard-temp) show people who are not your contacts at most your name, and your picture on servers that copy it there (ejabberd)."
}

func isReconfigured(ev xmppclient.Event) bool {
	_, ok := ev.(xmppclient.NodeReconfiguredEvent)
	return ok
}

// reconfiguredNote tells the user that a save gave one of the profile's
// nodes, which had another audience (another client's setting, or an
// earlier visibility), the one the setting asks for.
func reconfiguredNote(ev xmppclient.NodeReconfiguredEvent) string {
	audience := "your contacts only"
	if ev.AccessModel == "open" {
		audience = "everyone"
	}
	return fmt.Sprintf("The profile node %s had another audience; it is now readable by %s, as your visibility setting says.", clean(ev.Node), audience)
}
