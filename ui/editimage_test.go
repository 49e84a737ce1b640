package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/profile"
)

// The image field prefilled with the published URL is replaced by a new
// source typed or pasted into it, never appended to; moving the cursor
// first edits the old one in place.
func TestEditImageFieldIsReplaced(t *testing.T) {
	const old = "https://example.org/me.png?token=secret"
	path := writePNG(t, 64, 64)
	open := func(t *testing.T) (*Model, *fakeSession) {
		t.Helper()
		m, _, s := loggedIn(t, 100, 30)
		p := s.profiles["alice@example.org"]
		p.Avatar.URL = old
		s.profiles["alice@example.org"] = p
		press(t, m, "o", "e", "tab")
		if f := m.edit.form.focused(); f == nil || f.key != profile.FieldImage || f.value() != old {
			t.Fatalf("the image field is not focused with the URL: %q", m.edit.form.get(profile.FieldImage).value())
		}
		mustShow(t, m, "Typing replaces it")
		return m, s
	}
	image := func(m *Model) string { return m.edit.form.get(profile.FieldImage).value() }

	t.Run("typed", func(t *testing.T) {
		m, s := open(t)
		press(t, m, path)
		if got := image(m); got != path {
			t.Fatalf("the field holds %q, want %q", got, path)
		}
		press(t, m, "ctrl+s")
		if len(s.updates) != 1 || s.updates[0].Image != path || s.updates[0].PublishURL {
			t.Fatalf("updates %+v", s.updates)
		}
	})
	t.Run("pasted", func(t *testing.T) {
		m, _ := open(t)
		send(t, m, tea.PasteMsg{Content: path})
		if got := image(m); got != path {
			t.Fatalf("the field holds %q, want %q", got, path)
		}
		// Once replaced, typing goes on as in any field.
		press(t, m, "x")
		if got := image(m); got != path+"x" {
			t.Fatalf("the field holds %q", got)
		}
	})
	t.Run("deleted", func(t *testing.T) {
		m, s := open(t)
		press(t, m, "backspace")
		if got := image(m); got != "" {
			t.Fatalf("the field holds %q", got)
		}
		press(t, m, "ctrl+s")
		if len(s.updates) != 1 || s.updates[0].Image != "" || s.updates[0].RemoveImage {
			t.Fatalf("an emptied field keeps the avatar; updates %+v", s.updates)
		}
	})
	t.Run("edited in place", func(t *testing.T) {
		m, _ := open(t)
		send(t, m, tea.KeyPressMsg(tea.Key{Code: tea.KeyEnd}))
		press(t, m, "2")
		if got := image(m); got != old+"2" {
			t.Fatalf("the field holds %q, want the URL edited", got)
		}
	})
	t.Run("left and come back", func(t *testing.T) {
		m, _ := open(t)
		press(t, m, "tab", "shift+tab", "/x")
		if got := image(m); got != "/x" {
			t.Fatalf("the field holds %q", got)
		}
	})
}
