package ui

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
	xcolor "mellium.im/xmpp/color"
	"mellium.im/xmpp/styling"
)

// styledLines draws a message body (already sanitised) by XEP-0393 with
// mellium's styling decoder: *strong* bold, _emph_ italic, ~strike~ struck
// through, `pre` and ``` blocks in the accent colour, > quotes dimmed. The
// directives stay, dimmed, so the text reads as it was typed. One string
// per line of the body: line breaks are kept.
func (m *Model) styledLines(body string) []string {
	st := m.styles
	d := styling.NewDecoder(strings.NewReader(body))
	var b strings.Builder
	for d.Next() {
		tok := d.Token()
		style := spanStyle(st, tok.Mask)
		for i, part := range strings.Split(string(tok.Data), "\n") {
			if i > 0 {
				b.WriteByte('\n')
			}
			if part != "" {
				b.WriteString(style.Render(part))
			}
		}
	}
	return strings.Split(b.String(), "\n")
}

// spanStyle is the look of a token with the styles of mask.
func spanStyle(st Styles, mask styling.Style) lipgloss.Style {
	s := lipgloss.NewStyle()
	switch {
	case mask&styling.Directive != 0:
		return st.Subtle
	case mask&(styling.SpanPre|styling.BlockPre) != 0:
		return st.Accent // no child styles inside pre
	case mask&styling.BlockQuote != 0:
		s = st.Subtle
	}
	if mask&styling.SpanStrong != 0 {
		s = s.Bold(true)
	}
	if mask&styling.SpanEmph != 0 {
		s = s.Italic(true)
	}
	if mask&styling.SpanStrike != 0 {
		s = s.Strikethrough(true)
	}
	return s
}

// wrapStyled wraps one styled line to w cells, the styles carried over
// each break (lipgloss.Wrap closes them at the end of a line and opens
// them again on the next).
func wrapStyled(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	return strings.Split(lipgloss.Wrap(s, w, " -"), "\n")
}

// contactColor is a contact's own colour by XEP-0392 (mellium's color),
// from the bare JID, lighter on a dark background; nil without colour.
func (m *Model) contactColor(jid string) color.Color {
	if m.styles.Plain {
		return nil
	}
	luma := uint8(90)
	if m.styles.IsDark {
		luma = 170
	}
	return xcolor.String(bare(jid), luma, xcolor.None)
}

// nameStyle is the bold name of a contact in its colour.
func (m *Model) nameStyle(jid string) lipgloss.Style {
	s := lipgloss.NewStyle().Bold(true)
	if c := m.contactColor(jid); c != nil {
		s = s.Foreground(c)
	}
	return s
}
