package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func colourModel(t *testing.T) *Model {
	t.Helper()
	m := newTestModel(t, &fakeBackend{}, 80, 24)
	m.styles = NewStyles(true, false)
	return m
}

func TestMessageStylingKeepsTextAndStyles(t *testing.T) {
	m := colourModel(t)
	body := "say *hi* and _there_, ~no~ `x`\n> a quote"
	lines := m.styledLines(body)
	if len(lines) != 2 {
		t.Fatalf("%d lines for two", len(lines))
	}
	if got := ansi.Strip(strings.Join(lines, "\n")); got != body {
		t.Fatalf("the text changed: %q", got)
	}
	for _, want := range []struct{ sgr, text string }{
		{"1", "hi"}, {"3", "there"}, {"9", "n"}, // lipgloss strikes rune by rune
	} {
		if !strings.Contains(lines[0], "\x1b["+want.sgr+"m"+want.text) && !strings.Contains(lines[0], ";"+want.sgr+"m"+want.text) {
			t.Fatalf("%q is not drawn with SGR %s: %q", want.text, want.sgr, lines[0])
		}
	}
	// No style leaks: the plain words are drawn as they are.
	if !strings.Contains(lines[0], "say ") {
		t.Fatalf("plain text styled: %q", lines[0])
	}
}

// A bold span wrapped over several rows is bold on each of them, and no
// row ends with the style still open.
func TestStyledWrapCarriesStyle(t *testing.T) {
	m := colourModel(t)
	line := m.styledLines("*" + strings.Repeat("word ", 12) + "end*")[0]
	rows := wrapStyled(line, 20)
	if len(rows) < 3 {
		t.Fatalf("%d rows", len(rows))
	}
	for i, r := range rows[1:] {
		if !strings.HasPrefix(r, "\x1b[") {
			t.Fatalf("row %d does not reopen the style: %q", i+1, r)
		}
	}
	for i, r := range rows[:len(rows)-1] {
		if !strings.HasSuffix(r, "\x1b[m") {
			t.Fatalf("row %d leaves the style open: %q", i, r)
		}
	}
}

func TestContactColourStable(t *testing.T) {
	m := colourModel(t)
	a1, a2, b := m.contactColor("bob@example.org/phone"), m.contactColor("bob@example.org"), m.contactColor("carol@example.org")
	if a1 != a2 {
		t.Fatal("the colour depends on the resource")
	}
	if a1 == b {
		t.Fatal("two contacts got one colour")
	}
	m.styles = NewStyles(true, true)
	if m.contactColor("bob@example.org") != nil {
		t.Fatal("a colour without colour")
	}
}
