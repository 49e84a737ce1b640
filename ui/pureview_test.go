package ui

import (
	"image/color"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// viewState is what View must leave alone: the screens' positions and
// widths, the scroll offsets and the avatar caches.
type viewState struct {
	cursor, offset, helpScroll, chatScroll int
	selJID                                 string
	filterW, chatW, cmdW                   int
	decoded, rendered                      int
}

func snapshot(m *Model) viewState {
	return viewState{
		cursor: m.contacts.cursor, offset: m.contacts.offset, selJID: m.contacts.selJID,
		helpScroll: m.helpScroll, chatScroll: m.chat.scroll,
		filterW: m.contacts.filter.Width(), chatW: m.chat.input.Width(), cmdW: m.cmdline.input.Width(),
		decoded: len(m.avatars.decoded), rendered: len(m.avatars.rendered),
	}
}

// mustDrawPurely draws the model and fails if drawing changed its state.
func mustDrawPurely(t *testing.T, m *Model, what string) {
	t.Helper()
	before := snapshot(m)
	m.View()
	if after := snapshot(m); after != before {
		t.Fatalf("%s: View changed the state:\nbefore %+v\nafter  %+v", what, before, after)
	}
}

// View only reads: layout is worked out in Update (after a resize, a
// roster change, a scroll or a new avatar), so drawing leaves every
// position, width and cache as it found them.
func TestViewChangesNoState(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, manyContacts(200)...)
	data := pngBytes(t, 32, 32, color.NRGBA{200, 30, 30, 255}, color.NRGBA{30, 30, 200, 255})
	send(t, m, xmppclient.ProfileEvent{Profile: profile.Profile{JID: "alice@example.org", Nickname: "Alice", Avatar: profile.Avatar{ID: "av1", Data: data}}})
	mustDrawPurely(t, m, "contact list with the own avatar")

	press(t, m, "G")
	send(t, m, xmppclient.RosterEvent{Contact: xmppclient.Contact{JID: "aaa@example.org", Name: "Aaa", Show: xmppclient.ShowOnline}})
	mustDrawPurely(t, m, "contact list after a roster change")

	press(t, m, "f", "user")
	mustDrawPurely(t, m, "filter line")
	press(t, m, "esc")

	send(t, m, tea.WindowSizeMsg{Width: 60, Height: 20})
	mustDrawPurely(t, m, "after a resize")

	press(t, m, "?", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown")
	mustDrawPurely(t, m, "help scrolled past its end")
	press(t, m, "esc")

	press(t, m, "o")
	mustDrawPurely(t, m, "own profile with its avatar")
	press(t, m, "esc")

	press(t, m, "enter")
	for range 5 {
		send(t, m, xmppclient.MessageEvent{From: m.chat.jid, Body: "hello"})
	}
	press(t, m, "pgup", "pgup", "pgup")
	mustDrawPurely(t, m, "chat scrolled past its start")
}
