package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/profile"
)

// chatModel is the open 1:1 conversation.
type chatModel struct {
	jid    string
	input  textinput.Model
	scroll int // lines scrolled up from the newest
}

func (c *chatModel) draft() string {
	if c.jid == "" {
		return ""
	}
	return strings.TrimSpace(c.input.Value())
}

// openChat opens the conversation with jid.
func (m *Model) openChat(jid string) tea.Cmd {
	if !m.loggedIn() {
		m.fail(errNotLoggedIn)
		return nil
	}
	jid = bare(strings.TrimSpace(jid))
	if m.chat.jid != jid {
		placeholder := "type a message; " + m.keys.Send.Help().Key + " sends, " + m.keys.Back.Help().Key + " goes back"
		m.chat = chatModel{jid: jid, input: newInput(placeholder, 4000, false)}
	}
	m.chat.scroll = 0
	m.goTo(screenChat)
	return m.chat.input.Focus()
}

// sendTo records and sends a message.
func (m *Model) sendTo(jid, body string) tea.Cmd {
	seq := m.state.chat(jid).add(chatLine{at: m.now(), body: body})
	return m.sendChat(jid, body, seq)
}

func (c *chatModel) update(m *Model, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.keys.Back):
			c.input.Blur()
			if !m.goBack() {
				m.reset(screenContacts)
			}
			return m.visibleLastSeen()
		case key.Matches(k, m.keys.Send):
			body := strings.TrimSpace(c.input.Value())
			if body == "" {
				return nil
			}
			c.input.Reset()
			c.scroll = 0
			return m.sendTo(c.jid, body)
		case key.Matches(k, m.keys.Command) && c.input.Value() == "":
			return m.cmdline.open(m, "")
		case key.Matches(k, m.keys.PageUp):
			c.scroll += max(1, m.height/2)
			return nil
		case key.Matches(k, m.keys.PageDown):
			c.scroll = max(0, c.scroll-max(1, m.height/2))
			return nil
		}
	}
	var cmd tea.Cmd
	c.input, cmd = c.input.Update(msg)
	return cmd
}

func (c *chatModel) view(m *Model, w, h int) string {
	st := m.styles
	name := clean(c.jid)
	if e, ok := m.state.roster.get(c.jid); ok {
		name = e.name
	} else if p, ok := m.state.profiles[c.jid]; ok && p.Nickname != "" {
		name = clean(p.Nickname)
	}
	head := st.Title.Render(" "+name) + st.Subtle.Render("  "+clean(c.jid))
	if e, ok := m.state.roster.get(c.jid); ok {
		glyph, label := presenceMark(e.show)
		head += "  " + st.Presence(e.show).Render(glyph+" "+label)
		if e.status != "" {
			head += st.Subtle.Render(" — " + e.status)
		}
	} else {
		head += st.Warn.Render("  not in your contacts")
	}
	rule := st.Subtle.Render(strings.Repeat("─", w))
	msgH := max(1, h-4)
	log := m.state.chats[c.jid]
	var lines []string
	if log == nil || len(log.lines) == 0 {
		lines = []string{st.Subtle.Render(" No messages yet in this session. Say hello!")}
	} else {
		lines = c.lastLines(m, log, w, msgH+c.scroll)
		if scroll := min(c.scroll, max(0, len(lines)-msgH)); scroll > 0 { // layout keeps it so
			lines = lines[:len(lines)-scroll]
		}
		if len(lines) > msgH {
			lines = lines[len(lines)-msgH:]
		}
	}
	for len(lines) < msgH {
		lines = append([]string{""}, lines...)
	}
	return strings.Join([]string{trunc(head, w), rule, strings.Join(lines, "\n"), rule, st.Accent.Render(" › ") + c.input.View()}, "\n")
}

// clampScroll keeps the scroll position within the history as drawn at
// w×h (the body's size).
func (c *chatModel) clampScroll(m *Model, w, h int) {
	log := m.state.chats[c.jid]
	if c.scroll <= 0 || log == nil {
		return
	}
	msgH := max(1, h-4)
	lines := c.lastLines(m, log, w, msgH+c.scroll)
	c.scroll = min(c.scroll, max(0, len(lines)-msgH))
}

// lastLines wraps messages from the newest backwards until n lines are
// there: the cost follows the screen, not the history.
func (c *chatModel) lastLines(m *Model, log *chatLog, w, n int) []string {
	st := m.styles
	var out []string
	for i := len(log.lines) - 1; i >= 0 && len(out) < n; i-- {
		l := log.lines[i]
		who := st.Accent.Render("me")
		if l.from != "" {
			who = st.Title.Render(trunc(m.state.displayName(l.from), 20))
		}
		prefix := st.Subtle.Render(l.at.Local().Format("15:04")) + " " + who + " "
		indent := width(prefix)
		body := profile.SanitizeText(l.body, 0)
		var block []string
		for j, para := range strings.Split(body, "\n") {
			for k, wl := range wrapText(para, max(10, w-indent-1)) {
				if j == 0 && k == 0 {
					block = append(block, prefix+wl)
				} else {
					block = append(block, strings.Repeat(" ", indent)+wl)
				}
			}
		}
		if l.failed != "" {
			failed := wrapBlock(st.Error, strings.Repeat(" ", indent)+"✗ ", "not sent: "+l.failed, w-1)
			block = append(block, strings.Split(failed, "\n")...)
		}
		out = append(block, out...)
	}
	return out
}
