package profile

import (
	"fmt"
	"slices"
	"strings"
)

// FieldVisibility names the visibility setting in a FieldError (and as a
// key of the front ends' field maps).
const FieldVisibility = "visibility"

// Visibility is who may see the own profile, the one setting modern XMPP
// clients offer. The empty Visibility is the default, contacts.
type Visibility string

// The three settings.
const (
	// VisibilityContacts: every field for contacts only (the default).
	VisibilityContacts Visibility = "contacts"
	// VisibilityMixed: nickname and avatar for everyone; status, mobile
	// number and e-mail for contacts only.
	VisibilityMixed Visibility = "mixed"
	// VisibilityPublic: every field for everyone.
	VisibilityPublic Visibility = "public"
)

// Visibilities are the settings, from the most private to the most open:
// the order a front end offers them in.
var Visibilities = []Visibility{VisibilityContacts, VisibilityMixed, VisibilityPublic}

// ParseVisibility reads a setting as a user types it (case and
// surrounding space do not matter; "" is the default). Anything else is a
// *ValidationError naming FieldVisibility.
func ParseVisibility(s string) (Visibility, error) {
	v := Visibility(strings.ToLower(strings.TrimSpace(s)))
	if v == "" {
		return VisibilityContacts, nil
	}
	if !slices.Contains(Visibilities, v) {
		return "", validationErr([]FieldError{{Field: FieldVisibility,
			Message: fmt.Sprintf("The visibility must be contacts, mixed or public, not %q.", Sanitize(s))}})
	}
	return v, nil
}

// OrDefault is v, or contacts when v is empty or unknown: a setting that
// cannot be read never opens anything.
func (v Visibility) OrDefault() Visibility {
	if slices.Contains(Visibilities, v) {
		return v
	}
	return VisibilityContacts
}

// Public reports whether field (a Field… constant) may be read by
// everyone under v. Only a field v makes public may go where everyone
// reads it: an open PEP node, or vcard-temp on a server that answers it
// to anyone.
func (v Visibility) Public(field string) bool {
	switch v.OrDefault() {
	case VisibilityPublic:
		return true
	case VisibilityMixed:
		return field == FieldNickname || field == FieldImage
	}
	return false
}

// PublicFields are the fields everyone may read under v, in form order.
func (v Visibility) PublicFields() []string {
	var out []string
	for _, f := range []string{FieldNickname, FieldImage, FieldStatus, FieldMobile, FieldEmail} {
		if v.Public(f) {
			out = append(out, f)
		}
	}
	return out
}
