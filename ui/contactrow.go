package ui

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/parley-im/parley/xmppclient"
)

// contactRow draws one row: cursor, presence mark and word, name, status
// or last seen, unread count. Columns are measured in cells.
func (m *Model) contactRow(e *rosterEntry, sel bool, w, nameW int) string {
	st := m.styles
	base := lipgloss.NewStyle()
	if sel {
		base = st.Cursor
	}
	show, glyph, label, known := m.presenceOf(e)
	pres := st.Presence(show).Inherit(base)
	info := e.status
	switch {
	case !known:
		info = "presence not known since the connection was lost"
	case e.show == xmppclient.ShowOffline:
		if ls := m.state.lastSeenText(e.jid, false); ls != "" {
			if info != "" {
				info = ls + " · " + info
			} else {
				info = ls
			}
		}
	}
	if e.contact.Pending {
		info = "(waiting for approval) " + info
	}
	if m.state.isBlocked(e.jid) {
		info = blockedMark + " · " + hint(m.keys.Block, "unblocks") + " · " + info
	}
	badge := ""
	if n := m.state.unread[e.jid]; n > 0 {
		badge = " " + strconv.Itoa(n) + " "
	}
	cur, nameSt := "  ", m.nameStyle(e.jid)
	if sel {
		cur, nameSt = "▸ ", base.Bold(true)
	}
	infoW := max(0, w-2-2-(labelWidth+1)-nameW-1-width(badge)-1)
	row := base.Render(cur) +
		pres.Render(glyph+" "+fit(label, labelWidth)+" ") +
		m.unreadName(e, nameSt, base, nameW) + base.Render(" ") +
		st.Subtle.Inherit(base).Render(fit(info, infoW)) + base.Render(" ")
	if badge != "" {
		row += st.Badge.Render(badge)
	}
	if used := 2 + 2 + labelWidth + 1 + nameW + 1 + infoW + 1 + width(badge); used != w {
		return fit(row, w) // only at widths too small for the columns
	}
	return row
}

// unreadMark starts the name of a contact with unread messages, so that a
// glance down the names finds them (the count is at the row's end).
const unreadMark = "◆ "

// unreadName is the name column nameW cells wide: the name, after the
// unread mark when messages wait.
func (m *Model) unreadName(e *rosterEntry, st, base lipgloss.Style, nameW int) string {
	if m.state.unread[e.jid] == 0 {
		return st.Render(fit(e.name, nameW))
	}
	return m.styles.Accent.Bold(true).Inherit(base).Render(unreadMark) + st.Render(fit(e.name, nameW-width(unreadMark)))
}

// ownCard is the user's own card: avatar, nickname, presence, JID, status.
func (m *Model) ownCard(w int) string {
	st := m.styles
	p := m.state.profiles[m.state.account]
	name := clean(p.Nickname)
	if name == "" {
		name = clean(m.state.account)
	}
	const avCols, avRows = ownAvatarCols, ownAvatarRows
	inner := max(10, w-4)
	textW := max(5, inner-avCols-2)
	show := m.state.ownShow()
	glyph, label := presenceMark(show)
	if show != xmppclient.ShowOffline && m.state.myShowText != "" {
		label += " — " + m.state.myShowText
	}
	status := clean(p.Status)
	if status == "" {
		status = st.Subtle.Render("no profile status · " + hint(m.keys.SetStatus, "sets one"))
	}
	second := st.Subtle.Render(trunc(clean(m.state.account), textW))
	if clean(p.Nickname) == "" {
		// The JID is already the name: say what is missing instead.
		second = st.Subtle.Render(trunc("no nickname · "+hint(m.keys.Edit, "sets one"), textW))
	}
	lines := []string{
		trunc(st.Title.Render(name)+"  "+st.Presence(show).Render(glyph+" "+label), textW),
		second,
		trunc(status, textW),
	}
	av := strings.Split(m.avatarBlock(p, name, avCols, avRows), "\n")
	var body strings.Builder
	for i := 0; i < avRows; i++ {
		a := strings.Repeat(" ", avCols)
		if i < len(av) {
			a = av[i]
		}
		body.WriteString(a + "  " + fit(lines[i], textW))
		if i < avRows-1 {
			body.WriteByte('\n')
		}
	}
	return st.Card.Width(w).Render(body.String())
}

// unreadTotal is how many messages wait unread, all contacts together.
func (m *Model) unreadTotal() int {
	n := 0
	for _, c := range m.state.unread {
		n += c
	}
	return n
}
