package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// editOn opens the editor on an own profile with visibility v and moves
// the focus to the visibility row (the last one).
func editOn(t *testing.T, v profile.Visibility) (*Model, *fakeSession) {
	t.Helper()
	m, _, s := loggedIn(t, 100, 36)
	p := m.state.profiles[m.state.account]
	p.Visibility = v
	m.state.setProfile(p)
	press(t, m, "e")
	for m.edit.form.focused().key != profile.FieldVisibility {
		before := m.edit.form.focus
		press(t, m, "tab")
		if m.edit.form.focus == before {
			t.Fatal("tab does not reach the visibility row")
		}
	}
	return m, s
}

// The editor shows the setting and what older clients show strangers
// under it; space cycles it, left goes back, and the save sends it.
func TestEditShowsAndChangesTheVisibility(t *testing.T) {
	m, s := editOn(t, profile.VisibilityMixed)
	mustShow(t, m, "Visible to", "mixed: name and picture for all")
	if !strings.Contains(words(m), legacyNote(profile.VisibilityMixed)) {
		t.Fatalf("no vcard-temp note for mixed:\n%s", screenText(m))
	}
	// The footer names the key that changes it, from its binding.
	mustShow(t, m, hint(m.keys.Toggle, "change"))

	press(t, m, "space")
	mustShow(t, m, "public: everything for everyone")
	if !strings.Contains(words(m), legacyNote(profile.VisibilityPublic)) {
		t.Fatalf("the note did not follow the choice:\n%s", screenText(m))
	}
	if !m.edit.dirty() {
		t.Fatal("a changed visibility does not count as a change")
	}
	press(t, m, "space") // public wraps round to contacts
	send(t, m, tea.KeyPressMsg(tea.Key{Code: tea.KeyLeft}))
	mustShow(t, m, "public: everything for everyone")
	press(t, m, "ctrl+s")
	if len(s.updates) != 1 || s.updates[0].Visibility != profile.VisibilityPublic {
		t.Fatalf("updates %+v, want one with visibility public", s.updates)
	}
}

// Left untouched, the save sends no visibility: the setting stays.
func TestEditUnchangedVisibilityIsNotSent(t *testing.T) {
	m, s := editOn(t, profile.VisibilityPublic)
	mustShow(t, m, "public: everything for everyone")
	press(t, m, "space", "space", "space") // round to where it was
	if m.edit.dirty() {
		t.Fatal("back at the loaded value, the editor counts as changed")
	}
	press(t, m, "ctrl+s")
	if len(s.updates) != 1 || s.updates[0].Visibility != "" {
		t.Fatalf("updates %+v, want one without visibility", s.updates)
	}
}

// A profile that says nothing (another's, or not read yet) shows the
// default.
func TestEditDefaultVisibilityIsContacts(t *testing.T) {
	m, _ := editOn(t, "")
	mustShow(t, m, "contacts: all for contacts only")
	if !strings.Contains(words(m), legacyNote(profile.VisibilityContacts)) {
		t.Fatalf("no vcard-temp note for contacts:\n%s", screenText(m))
	}
}

// A node another client had opened, closed again by a save, is told.
func TestNodeReconfiguredIsTold(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30)
	m.handleEvent(xmppclient.NodeReconfiguredEvent{Node: profile.NodeVCard4, AccessModel: "presence"})
	mustShow(t, m, "urn:xmpp:vcard4 had another audience")
	if !strings.Contains(words(m), "readable by your contacts only") {
		t.Fatalf("the notice does not say the new audience:\n%s", screenText(m))
	}
}
