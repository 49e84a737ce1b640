package ui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// helpLines is every line of the help text: one command's usage page
// after /help CMD, else every key and command.
func (m *Model) helpLines(w int) []string {
	if c, ok := findCommand(m.helpCmd); ok {
		return m.commandHelpLines(c, w)
	}
	st := m.styles
	var out []string
	kw := 14
	for _, sec := range m.keys.helpSections() {
		out = append(out, st.Title.Render(sec.title))
		for _, b := range sec.keys {
			h := b.Help()
			out = append(out, helpEntry(st, h.Key, kw, h.Desc, w)...)
		}
		out = append(out, "")
	}
	out = append(out, st.Title.Render("Commands")+st.Subtle.Render("  (type / first; tab completes; /help CMD shows examples)"))
	for _, c := range commandTable() {
		usage := strings.Join(append([]string{c.name}, c.aliases...), ", ")
		if c.args != "" {
			usage += " " + c.args
		}
		out = append(out, helpEntry(st, usage, 18, c.help, w)...)
	}
	return out
}

// helpEntry is one line of the help, wrapped under its description when
// it is longer than the room (nothing is cut): the key or usage in a
// column kw wide, then the description.
func helpEntry(st Styles, k string, kw int, desc string, w int) []string {
	lead := "  " + fit(k, kw) + " "
	if width(k) > kw {
		lead = "  " + k + " "
	}
	lines := strings.Split(wrapBlock(lipgloss.NewStyle(), lead, desc, w), "\n")
	// The key in its style: the lead is plain text at the start of the
	// first line.
	lines[0] = "  " + st.Key.Render(strings.TrimSpace(lead[2:])) + lines[0][len(strings.TrimRight(lead, " ")):]
	return lines
}

// helpView is the help overlay, scrolled with the arrow keys.
func (m *Model) helpView(w, h int) string {
	inner := helpInner(w)
	lines := m.helpLines(inner)
	rows := helpRows(h)
	scroll := max(0, min(m.helpScroll, len(lines)-rows)) // layout keeps it so
	end := min(len(lines), scroll+rows)
	body := lines[scroll:end]
	more := ""
	if len(lines) > rows {
		more = "\n" + m.styles.Subtle.Render(hintPair(m.keys.Up, m.keys.Down, "scroll")+" · "+hint(m.keys.Back, "close"))
		if len(body) > 1 {
			body = body[:len(body)-1]
		}
	}
	return m.styles.Box.Width(inner + 4).Render(strings.Join(body, "\n") + more)
}

// helpKey closes or scrolls the help overlay (layout clamps the scroll).
func (m *Model) helpKey(k tea.KeyPressMsg) {
	switch {
	case key.Matches(k, m.keys.Help, m.keys.HelpAnywhere, m.keys.Back, m.keys.Quit):
		m.help = false
		m.helpCmd = ""
	case key.Matches(k, m.keys.Up):
		m.helpScroll--
	case key.Matches(k, m.keys.Down):
		m.helpScroll++
	case key.Matches(k, m.keys.PageUp):
		m.helpScroll -= 10
	case key.Matches(k, m.keys.PageDown):
		m.helpScroll += 10
	}
	m.helpScroll = max(0, m.helpScroll)
}

// openHelp shows the help overlay from its top.
func (m *Model) openHelp() {
	m.help = true
	m.helpScroll = 0
	m.helpCmd = ""
}
