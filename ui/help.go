package ui

import "strings"

// commandHelp lists the slash commands for the help overlay.
var commandHelp = [][2]string{
	{"/connect [JID]", "log in (again)"},
	{"/register", "create an account"},
	{"/logout", "log out"},
	{"/profile [JID]", "show a profile (yours by default)"},
	{"/vcard [JID]", "the same, fetched afresh"},
	{"/edit", "edit your profile"},
	{"/nick NAME", "publish a new nickname"},
	{"/status TEXT", "publish a status text"},
	{"/online [TEXT]", "be available (text optional)"},
	{"/away [TEXT]", "be away"},
	{"/dnd [TEXT]", "do not disturb (busy)"},
	{"/xa [TEXT]", "be away for long (gone)"},
	{"/avatar PATH|URL", "publish a new avatar"},
	{"/last JID", "when was JID last seen"},
	{"/add JID", "add a contact"},
	{"/remove JID", "remove a contact (asks)"},
	{"/msg JID TEXT", "send a message"},
	{"/help", "this help"},
	{"/quit", "quit"},
}

// helpLines is every line of the help text.
func (m *Model) helpLines(w int) []string {
	st := m.styles
	var out []string
	kw := 14
	for _, sec := range m.keys.helpSections() {
		out = append(out, st.Title.Render(sec.title))
		for _, b := range sec.keys {
			h := b.Help()
			out = append(out, "  "+st.Key.Render(fit(h.Key, kw))+" "+trunc(h.Desc, max(5, w-kw-3)))
		}
		out = append(out, "")
	}
	out = append(out, st.Title.Render("Commands")+st.Subtle.Render("  (type / first; tab completes)"))
	for _, c := range commandHelp {
		out = append(out, "  "+st.Key.Render(fit(c[0], 18))+" "+trunc(c[1], max(5, w-21)))
	}
	return out
}

// helpView is the help overlay, scrolled with the arrow keys.
func (m *Model) helpView(w, h int) string {
	inner := min(64, max(20, w-6))
	lines := m.helpLines(inner)
	rows := max(1, h-4)
	m.helpScroll = max(0, min(m.helpScroll, len(lines)-rows))
	end := min(len(lines), m.helpScroll+rows)
	body := lines[m.helpScroll:end]
	more := ""
	if len(lines) > rows {
		more = "\n" + m.styles.Subtle.Render("↑/↓ scroll · esc close")
		if len(body) > 1 {
			body = body[:len(body)-1]
		}
	}
	return m.styles.Box.Width(inner + 4).Render(strings.Join(body, "\n") + more)
}
