package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi/kitty"
)

// A terminal that answers the graphics query but draws no placeholders
// (kitty before 0.28, WezTerm, Konsole, or one that does not say what it
// is) gets half-blocks: placeholders would show as boxes. Ghostty and a
// recent kitty get pixels.
func TestKittyGraphicsOnlyWherePlaceholdersAreDrawn(t *testing.T) {
	for _, c := range []struct {
		name   string
		pixels bool
	}{
		{"kitty(0.26.5)", false}, {"WezTerm 20240203-110809-5046fc22", false}, {"Konsole 23.08.1", false}, {"", false},
		{"kitty(0.28.0)", true}, {"kitty(0.35.2)", true}, {"kitty(1.0.0)", true}, {"ghostty 1.1.3", true},
	} {
		tm := newTerminal(t, Options{}, "TERM=xterm-kitty", "COLORTERM=truecolor")
		tm.run(tm.m.Init())
		tm.send(kittyReply)
		if c.name != "" {
			tm.send(tea.TerminalVersionMsg{Name: c.name})
		}
		tm.send(uv.PrimaryDeviceAttributesEvent{62, 4})
		tm.openBobsProfile()
		v := tm.m.View().Content
		if got := strings.ContainsRune(v, kitty.Placeholder); got != c.pixels {
			t.Errorf("%q: placeholders drawn %v, want %v", c.name, got, c.pixels)
		}
		if !c.pixels && !strings.Contains(v, "▀") {
			t.Errorf("%q: no half-blocks instead", c.name)
		}
	}
}
