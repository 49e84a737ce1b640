package ui

import (
	"testing"

	"github.com/parley-im/parley/profile"
)

func TestBlockCommands(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	run := func(line string) {
		t.Helper()
		press(t, m, "/")
		m.cmdline.input.SetValue(line)
		press(t, m, "enter")
	}
	run("/block bob@example.org/phone")
	if !s.called("block bob@example.org") {
		t.Fatalf("calls = %v", s.calls)
	}
	mustShow(t, m, "Blocked bob@example.org.")
	run("/unblock bob@example.org")
	if !s.called("unblock bob@example.org") {
		t.Fatalf("calls = %v", s.calls)
	}
	mustShow(t, m, "Unblocked bob@example.org.")
	run("/block")
	mustShow(t, m, "/block needs a JID.")
}

// Typing none as the image removes the avatar; nothing is loaded.
func TestEditRemovesImage(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30)
	press(t, m, "e", "tab", "none", "tab")
	if m.edit.previewLoading || m.edit.form.get(profile.FieldImage).err != "" {
		t.Fatalf("none was loaded as an image: %q", m.edit.form.get(profile.FieldImage).err)
	}
	press(t, m, "ctrl+s")
	if len(s.updates) != 1 || !s.updates[0].RemoveImage || s.updates[0].Image != "" {
		t.Fatalf("updates = %+v", s.updates)
	}
}
