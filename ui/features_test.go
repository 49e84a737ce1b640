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

// /unregister deletes the account only when its address is typed, then
// forgets it here and goes back to the welcome screen.
func TestUnregisterNeedsTheAddress(t *testing.T) {
	m, b, s := loggedIn(t, 100, 30)
	run := func(line string) {
		t.Helper()
		press(t, m, "/")
		m.cmdline.input.SetValue(line)
		press(t, m, "enter")
	}
	run("/unregister bob@example.org")
	mustShow(t, m, "type its address: /unregister alice@example.org.")
	if s.called("unregister") || !m.loggedIn() {
		t.Fatal("a wrong address deleted the account")
	}
	run("/unregister Alice@Example.org")
	if !s.called("unregister") || len(b.forgot) != 1 || b.forgot[0] != "alice@example.org" {
		t.Fatalf("calls %v, forgot %v", s.calls, b.forgot)
	}
	if m.loggedIn() || m.screen != screenWelcome {
		t.Fatalf("after /unregister: screen %v", m.screen)
	}
	mustShow(t, m, "Deleted alice@example.org on the server")
}
