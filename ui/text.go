package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/profile"
)

// ellipsis ends every string cut to fit a cell.
const ellipsis = "…"

// maxNetText bounds any single network string before layout, so that a
// hostile peer cannot make a render pass walk megabytes.
const maxNetText = 1024

// clean makes a string from the network safe to draw: control characters,
// escape sequences and bidi overrides removed (profile.Sanitize), newlines
// folded to spaces, and the length bounded. It is applied at render time on
// top of what xmppclient already did (defence in depth).
func clean(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > maxNetText*4 {
		s = s[:maxNetText*4]
	}
	s = profile.Sanitize(s)
	return strings.Join(strings.Fields(s), " ")
}

// cleanSentence is clean for one of Parley's own sentences, which may
// carry more than a network string's bound: a changed certificate's names
// two fingerprints of 95 characters each.
func cleanSentence(s string) string {
	return strings.Join(strings.Fields(profile.SanitizeLine(s, maxNetText)), " ")
}

// width is the display width of s in cells (wide characters count 2,
// combining marks 0, escape sequences nothing); for a block, the widest
// line.
func width(s string) int {
	if isPlainASCII(s) {
		return len(s)
	}
	if strings.IndexByte(s, '\n') >= 0 {
		return lipgloss.Width(s)
	}
	return ansi.StringWidth(s)
}

// isPlainASCII reports whether s is printable ASCII only (one cell per
// byte), the common case that needs no grapheme segmentation.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// trunc cuts s to at most w cells, never inside a grapheme, ending it with
// "…" when anything was cut. s may contain styling.
func trunc(s string, w int) string {
	s, _ = truncW(s, w)
	return s
}

// truncW is trunc that also returns the resulting width.
func truncW(s string, w int) (string, int) {
	if w <= 0 {
		return "", 0
	}
	n := width(s)
	if n <= w {
		return s, n
	}
	s = ansi.Truncate(s, w, ellipsis)
	return s, width(s)
}

// fit cuts or pads s to exactly w cells.
func fit(s string, w int) string {
	s, n := truncW(s, w)
	if pad := w - n; pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// fitRight is fit with the padding on the left.
func fitRight(s string, w int) string {
	s, n := truncW(s, w)
	if pad := w - n; pad > 0 {
		s = strings.Repeat(" ", pad) + s
	}
	return s
}

// frame cuts or pads a block to exactly w×h cells: every line fit to w,
// missing lines blank, extra lines dropped.
func frame(block string, w, h int) string {
	if h <= 0 || w <= 0 {
		return ""
	}
	lines := strings.Split(block, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	var b strings.Builder
	b.Grow(h * (w + 1))
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(lines) {
			b.WriteString(fit(lines[i], w))
		} else {
			b.WriteString(strings.Repeat(" ", w))
		}
	}
	return b.String()
}

// wrapText wraps plain (already cleaned) text to w cells per line, breaking
// long words where needed.
func wrapText(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	return strings.Split(ansi.Wrap(s, w, " -"), "\n")
}

// overlay draws fg centred on bg (both w×h blocks as frame makes them),
// keeping the background visible around it.
func overlay(bg, fg string, w, h int) string {
	bgLines := strings.Split(frame(bg, w, h), "\n")
	fgLines := strings.Split(fg, "\n")
	fw := 0
	for _, l := range fgLines {
		fw = max(fw, width(l))
	}
	fw = min(fw, w)
	top := max(0, (h-len(fgLines))/2)
	left := max(0, (w-fw)/2)
	for i, l := range fgLines {
		y := top + i
		if y >= len(bgLines) {
			break
		}
		row := bgLines[y]
		bgLines[y] = ansi.Cut(row, 0, left) + "\x1b[m" + fit(l, fw) + "\x1b[m" + ansi.Cut(row, left+fw, w)
	}
	return strings.Join(bgLines, "\n")
}

// initials are up to two letters that stand for a name in a no-colour
// avatar box.
func initials(name string) string {
	if strings.Contains(name, "@") && !strings.ContainsRune(name, ' ') {
		if local, _ := app.SplitJID(name); local != "" {
			name = local // a JID: its user name stands for it
		}
	}
	var out []rune
	for _, f := range strings.FieldsFunc(name, func(r rune) bool {
		return r == ' ' || r == '@' || r == '.' || r == '_' || r == '-'
	}) {
		for _, r := range f {
			out = append(out, r)
			break
		}
		if len(out) == 2 {
			break
		}
	}
	if len(out) == 0 {
		return "?"
	}
	return strings.ToUpper(string(out))
}

// wrapBlock wraps text to w cells, lead before the first line and as many
// spaces before each further one (a hanging indent), each line drawn in
// st. Notices and errors go through it: a sentence that says what to do
// is never cut off.
func wrapBlock(st lipgloss.Style, lead, text string, w int) string {
	indent := width(lead)
	lines := wrapText(text, max(10, w-indent))
	pad := strings.Repeat(" ", indent)
	for i, l := range lines {
		if i == 0 {
			lines[i] = st.Render(lead + l)
		} else {
			lines[i] = st.Render(pad + l)
		}
	}
	return strings.Join(lines, "\n")
}

// splitLines is a block's lines.
func splitLines(block string) []string { return strings.Split(block, "\n") }
