package ui

import (
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/parley-im/parley/xmppclient"
)

// assertFrame checks that the view is exactly w×h cells and asks for the
// alternate screen.
func assertFrame(t *testing.T, m *Model, name string, w, h int) {
	t.Helper()
	v := m.View()
	if !v.AltScreen {
		t.Fatalf("%s: AltScreen not set", name)
	}
	lines := strings.Split(v.Content, "\n")
	if len(lines) != h {
		t.Fatalf("%s at %dx%d: %d lines:\n%s", name, w, h, len(lines), ansi.Strip(v.Content))
	}
	for i, l := range lines {
		if got := lipgloss.Width(l); got != w {
			t.Fatalf("%s at %dx%d: line %d is %d cells: %q", name, w, h, i, got, ansi.Strip(l))
		}
	}
}

func TestEveryScreenFitsFrom60x20Up(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {80, 24}, {132, 43}} {
		w, h := size[0], size[1]
		b := &fakeBackend{}
		m := newTestModel(t, b, w, h)
		drain(t, m, m.Init())
		assertFrame(t, m, "welcome", w, h)
		press(t, m, "enter")
		assertFrame(t, m, "register", w, h)
		press(t, m, "tab", "space")
		assertFrame(t, m, "register (real server)", w, h)
		press(t, m, "shift+tab", "bob", "tab", "space", "ctrl+s")
		assertFrame(t, m, "register done", w, h)
		press(t, m, "enter")
		assertFrame(t, m, "contacts (empty)", w, h)

		m2, _, s := loggedIn(t, w, h, sampleContacts()...)
		send(t, m2, xmppclient.SubscriptionRequestEvent{From: "eve@example.org"})
		assertFrame(t, m2, "contacts", w, h)
		press(t, m2, "p")
		assertFrame(t, m2, "profile", w, h)
		press(t, m2, "esc", "o")
		assertFrame(t, m2, "own profile", w, h)
		press(t, m2, "e")
		assertFrame(t, m2, "edit", w, h)
		press(t, m2, "tab", "tab", "tab", "x", "tab", "y")
		assertFrame(t, m2, "edit with errors", w, h)
		press(t, m2, "esc")
		assertFrame(t, m2, "confirm", w, h)
		press(t, m2, "y", "enter")
		for range 30 {
			send(t, m2, xmppclient.MessageEvent{From: "bob@example.org", Body: strings.Repeat("long message ", 12)})
		}
		assertFrame(t, m2, "chat", w, h)
		press(t, m2, "pgup")
		assertFrame(t, m2, "chat scrolled", w, h)
		press(t, m2, "esc", "?")
		assertFrame(t, m2, "help", w, h)
		press(t, m2, "esc", "/", "re", "tab")
		assertFrame(t, m2, "command line", w, h)
		press(t, m2, "esc", "a")
		assertFrame(t, m2, "add prompt", w, h)
		_ = s
	}
}

func TestResizeLive(t *testing.T) {
	m, _, _ := loggedIn(t, 80, 24, manyContacts(100)...)
	assertFrame(t, m, "contacts", 80, 24)
	press(t, m, "G")
	m.update(tea.WindowSizeMsg{Width: 60, Height: 20})
	assertFrame(t, m, "contacts after shrinking", 60, 20)
	if !strings.Contains(screenText(m), "▸") {
		t.Fatal("the cursor row left the window after a resize")
	}
	m.update(tea.WindowSizeMsg{Width: 150, Height: 50})
	assertFrame(t, m, "contacts after growing", 150, 50)
	// Smaller than supported still draws a full frame without panicking.
	m.update(tea.WindowSizeMsg{Width: 20, Height: 5})
	assertFrame(t, m, "tiny", 20, 5)
}

func TestLightAndDarkBackgrounds(t *testing.T) {
	m, _, _ := loggedIn(t, 80, 24)
	dark := m.View().Content
	m.update(tea.BackgroundColorMsg{Color: color.White})
	if m.styles.IsDark {
		t.Fatal("a white background gave dark styles")
	}
	if light := m.View().Content; light == dark {
		t.Fatal("the light palette draws the same as the dark one")
	}
}
