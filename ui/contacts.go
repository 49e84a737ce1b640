package ui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/xmppclient"
)

// contactsModel is the main screen: the own card, subscription requests,
// and the contact list with a cursor and an optional filter. Only the rows
// in the window are ever drawn.
type contactsModel struct {
	cursor    int    // index into roster.list()
	offset    int    // first row in the window
	selJID    string // the selected contact, kept across re-sorts
	gen       int    // roster generation the cursor was synced with
	filtering bool   // the filter line has the focus
	filter    textinput.Model
}

func newContacts() contactsModel {
	f := newInput("type to filter by name or JID", 128, false)
	return contactsModel{filter: f, gen: -1}
}

// cardHeight is the height of the own card, border included.
const cardHeight = 5

// listRows is how many contact rows fit in h lines.
func (c *contactsModel) listRows(m *Common, h int) int {
	rows := h - 1 - len(m.trialLines(m.width)) // the header line, the trial notice
	if h >= 14 {
		rows -= cardHeight
	}
	if len(m.state.requests) > 0 {
		rows--
	}
	if len(m.state.strangers) > 0 {
		rows--
	}
	return max(1, rows)
}

// sync re-finds the selected contact after the roster changed and keeps
// the cursor and window in range.
func (c *contactsModel) sync(m *Common, rows int) []*rosterEntry {
	list := m.state.roster.list()
	if c.gen != m.state.roster.gen {
		c.gen = m.state.roster.gen
		if e, ok := m.state.roster.get(c.selJID); ok {
			if i := m.state.roster.position(e); i >= 0 {
				c.cursor = i
			}
		}
	}
	c.cursor = max(0, min(c.cursor, len(list)-1))
	if c.cursor < c.offset {
		c.offset = c.cursor
	}
	if c.cursor >= c.offset+rows {
		c.offset = c.cursor - rows + 1
	}
	c.offset = max(0, min(c.offset, len(list)-rows))
	if len(list) > 0 {
		c.selJID = list[c.cursor].jid
	} else {
		c.selJID = ""
	}
	return list
}

// selected is the contact under the cursor.
func (c *contactsModel) selected(m *Common) (*rosterEntry, bool) {
	list := c.sync(m, c.listRows(m, m.bodyHeight()))
	if len(list) == 0 {
		return nil, false
	}
	return list[c.cursor], true
}

func (c *contactsModel) update(m *Common, msg tea.Msg) tea.Cmd {
	if c.filtering {
		return c.updateFilter(m, msg)
	}
	k, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		return nil
	}
	rows := c.listRows(m, m.bodyHeight())
	if c.navigate(m, k, rows) {
		return m.ask(askLastSeenMsg{})
	}
	return c.act(m, k)
}

// updateFilter handles a message while the filter line has the focus.
func (c *contactsModel) updateFilter(m *Common, msg tea.Msg) tea.Cmd {
	if k, isKey := msg.(tea.KeyPressMsg); isKey {
		switch km := m.keys; {
		case key.Matches(k, km.Submit):
			c.filtering = false
			c.filter.Blur()
			return m.ask(askLastSeenMsg{})
		case key.Matches(k, km.Back):
			c.filtering = false
			c.filter.Blur()
			c.filter.Reset()
			return m.ask(setFilterMsg{})
		case key.Matches(k, km.LeaveFilter):
			c.filtering = false
			c.filter.Blur()
			return c.update(m, msg)
		}
	}
	var cmd tea.Cmd
	c.filter, cmd = c.filter.Update(msg)
	m.ask(setFilterMsg{c.filter.Value()})
	c.cursor, c.offset = 0, 0
	c.gen = -1
	c.selJID = ""
	return cmd
}

// navigate moves the cursor for a movement key; it reports whether k was one.
func (c *contactsModel) navigate(m *Common, k tea.KeyPressMsg, rows int) bool {
	list := c.sync(m, rows)
	km := m.keys
	switch {
	case key.Matches(k, km.Up):
		c.move(m, -1, rows)
	case key.Matches(k, km.Down):
		c.move(m, 1, rows)
	case key.Matches(k, km.PageUp):
		c.move(m, -rows, rows)
	case key.Matches(k, km.PageDown):
		c.move(m, rows, rows)
	case key.Matches(k, km.Home):
		c.move(m, -len(list), rows)
	case key.Matches(k, km.End):
		c.move(m, len(list), rows)
	default:
		return false
	}
	return true
}

// act runs the action bound to k: on the selected contact, on oneself,
// or on the oldest subscription request.
func (c *contactsModel) act(m *Common, k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	switch {
	case key.Matches(k, km.Back):
		if c.filter.Value() != "" {
			c.filter.Reset()
			c.gen = -1
			return m.ask(setFilterMsg{})
		}
	case key.Matches(k, km.Filter):
		c.filtering = true
		return c.filter.Focus()
	case key.Matches(k, km.Open, km.Profile, km.Remove, km.Block):
		return c.actOnSelected(m, k)
	case key.Matches(k, km.OwnProfile):
		return m.ask(navigateMsg{to: screenProfile, jid: m.state.account})
	case key.Matches(k, km.Edit):
		return m.ask(navigateMsg{to: screenEdit})
	case key.Matches(k, km.Add):
		return m.ask(addPromptMsg{})
	case key.Matches(k, km.SetStatus):
		return m.ask(commandLineMsg{"/status "})
	case key.Matches(k, km.Accept):
		return m.ask(answerRequestMsg{accept: true})
	case key.Matches(k, km.Refuse):
		return m.ask(answerRequestMsg{accept: false})
	case key.Matches(k, km.Refresh):
		m.ask(askProfileMsg{jid: m.state.account})
		return m.ask(askLastSeenMsg{force: true})
	case key.Matches(k, km.Requests):
		return m.ask(openRequestMsg{})
	}
	return nil
}

// actOnSelected opens the chat or profile of the selected contact, blocks
// or unblocks it, or asks to remove it.
func (c *contactsModel) actOnSelected(m *Common, k tea.KeyPressMsg) tea.Cmd {
	e, ok := c.selected(m)
	if !ok {
		return nil
	}
	switch km := m.keys; {
	case key.Matches(k, km.Open):
		return m.ask(navigateMsg{to: screenChat, jid: e.jid})
	case key.Matches(k, km.Profile):
		return m.ask(navigateMsg{to: screenProfile, jid: e.jid})
	case key.Matches(k, km.Block):
		return m.ask(toggleBlockMsg{jid: e.jid})
	}
	return m.ask(removeContactMsg{e.jid})
}

// move moves the cursor by d rows.
func (c *contactsModel) move(m *Common, d, rows int) {
	list := m.state.roster.list()
	c.cursor = max(0, min(c.cursor+d, len(list)-1))
	c.gen = m.state.roster.gen
	if len(list) > 0 {
		c.selJID = list[c.cursor].jid
	}
	c.sync(m, rows)
}

// visibleLastSeen asks the last activity of the offline contacts in the
// window that have no fresh answer.
func (m *Model) visibleLastSeen() tea.Cmd {
	return m.lastSeenFor(false)
}

// refreshLastSeen asks again for every visible offline contact; force
// ignores freshness.
func (m *Model) refreshLastSeen(force bool) tea.Cmd {
	return m.lastSeenFor(force)
}

func (m *Model) lastSeenFor(force bool) tea.Cmd {
	if m.session == nil {
		return nil
	}
	c, mc := &m.contacts, m.common()
	rows := c.listRows(mc, mc.bodyHeight())
	list := c.sync(mc, rows)
	var cmds []tea.Cmd
	for i := c.offset; i < len(list) && i < c.offset+rows; i++ {
		if e := list[i]; e.show == xmppclient.ShowOffline {
			cmds = append(cmds, m.askLastSeen(e.jid, force))
		}
	}
	return tea.Batch(cmds...)
}

// answerRequest accepts or refuses the oldest subscription request.
func (m *Model) answerRequest(accept bool) tea.Cmd {
	jid, ok := m.state.takeRequest()
	if !ok {
		m.info("No one is asking to see your presence.")
		return nil
	}
	if accept {
		return m.act("accepting "+clean(jid), clean(jid)+" can now see your presence.",
			func(ctx context.Context, s Session) error { return s.AcceptSubscription(ctx, jid) })
	}
	return m.act("refusing "+clean(jid), "Refused "+clean(jid)+".",
		func(ctx context.Context, s Session) error { return s.RefuseSubscription(ctx, jid) })
}

func (c *contactsModel) view(m *Common, w, h int) string {
	st := m.styles
	var b strings.Builder
	for _, l := range m.trialLines(w) {
		b.WriteString(l + "\n")
	}
	if h >= 14 {
		b.WriteString(m.ownCard(w) + "\n")
	}
	if n := len(m.state.requests); n > 0 {
		line := st.Warn.Render(" ⚑ ") + keyHint(st, m.keys.Accept, "accept") + " · " + keyHint(st, m.keys.Refuse, "refuse") + "  " +
			st.Warn.Render(clean(m.state.requests[0])+" asks to see your presence")
		if n > 1 {
			line += st.Subtle.Render(fmt.Sprintf(" (+%d more)", n-1))
		}
		b.WriteString(trunc(line, w) + "\n")
	}
	if line := m.requestLine(w); line != "" {
		b.WriteString(line + "\n")
	}
	rows := c.listRows(m, h)
	list := m.state.roster.list() // layout has synced the cursor to it
	b.WriteString(c.header(m, len(list), w) + "\n")
	if len(list) == 0 {
		if m.state.roster.len() == 0 {
			b.WriteString(st.Subtle.Render("  No contacts yet: press " + m.keys.Add.Help().Key + " to add one."))
		} else {
			b.WriteString(st.Subtle.Render("  No contact matches the filter (" + m.keys.Back.Help().Key + " clears it)."))
		}
		return b.String()
	}
	nameW := max(10, min(30, w/3))
	end := min(len(list), c.offset+rows)
	for i := c.offset; i < end; i++ {
		b.WriteString(m.contactRow(list[i], i == c.cursor, w, nameW))
		if i < end-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// header is the line above the list: counts, and the filter.
func (c *contactsModel) header(m *Common, shown, w int) string {
	st := m.styles
	left := c.headerLeft(m, shown)
	switch {
	case c.filtering:
		left += "   " + st.Accent.Render("filter: ") + c.filter.View()
	case c.filter.Value() != "":
		left += "   " + st.Accent.Render("filter: ") + clean(c.filter.Value()) + st.Subtle.Render("  ("+hint(m.keys.Back, "clears")+")")
	case width(left)+3+width(hint(m.keys.Filter, "filter")) <= w:
		left += st.Subtle.Render("   " + hint(m.keys.Filter, "filter"))
	}
	return trunc(left, w)
}

// headerLeft is the header's counts, which the filter line follows.
func (c *contactsModel) headerLeft(m *Common, shown int) string {
	st := m.styles
	total := m.state.roster.len()
	left := st.Title.Render(" Contacts") + st.Subtle.Render(fmt.Sprintf("  %d available of %d", m.state.roster.avail-m.staleAvailable(), total))
	if n := len(m.stale); n > 0 {
		left += st.Subtle.Render(fmt.Sprintf(" · %d unknown", n))
	}
	if shown != total {
		left += st.Subtle.Render(fmt.Sprintf(" (%d shown)", shown))
	}
	if n := m.unreadTotal(); n > 0 {
		left += st.Accent.Bold(true).Render(fmt.Sprintf("  %s%d unread", unreadMark, n))
	}
	return left
}
