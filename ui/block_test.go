package ui

import "testing"

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
