package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// chatModel is the open 1:1 conversation.
type chatModel struct {
	jid    string
	input  textarea.Model // several lines: NewLine breaks one, a paste keeps its own
	scroll int            // lines scrolled up from the newest
	// composing: the contact was told we type (XEP-0085).
	composing bool
	// atTop: the oldest line in memory is on screen (see clampScroll).
	atTop bool
	// blocks are the drawn messages, filled by layout (see lastLines).
	blocks map[blockKey][]string
	// placeholder is the input's whole placeholder; a narrow input gets
	// a short one (see fitPlaceholder).
	placeholder string
}

// maxInputRows is the most rows the message being typed takes; a longer
// one scrolls inside them.
const maxInputRows = 5

// newChatInput is the message input: no prompt or line numbers (the chat
// draws its own), a steady cursor, growing with its text up to
// maxInputRows; Enter is the chat's (it sends), NewLine breaks the line.
func newChatInput(placeholder string, km KeyMap, isDark bool) textarea.Model {
	in := textarea.New()
	in.Prompt = ""
	in.ShowLineNumbers = false
	in.Placeholder = placeholder
	in.CharLimit = 4000
	in.DynamicHeight = true
	in.MinHeight = 1
	in.MaxHeight = maxInputRows
	in.MaxContentHeight = 400
	in.SetHeight(1)
	in.KeyMap.InsertNewline = km.NewLine
	st := textarea.DefaultStyles(isDark)
	st.Focused.CursorLine = lipgloss.NewStyle()
	st.Blurred.CursorLine = lipgloss.NewStyle()
	st.Cursor.Blink = false
	st.Focused.Placeholder = st.Focused.Placeholder.Faint(true)
	st.Blurred.Placeholder = st.Blurred.Placeholder.Faint(true)
	in.SetStyles(st)
	return in
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
		placeholder := "type a message; " + m.keys.Send.Help().Key + " sends, " + m.keys.NewLine.Help().Key + " breaks the line, " + m.keys.Back.Help().Key + " goes back"
		m.chat = chatModel{jid: jid, input: newChatInput(placeholder, m.keys, m.isDark), placeholder: placeholder}
	}
	m.chat.scroll = 0
	m.goTo(screenChat)
	focus := m.chat.input.Focus()
	if m.state.chat(jid).loaded {
		return focus
	}
	return tea.Batch(focus, m.loadHistory(jid, ""))
}

// sendTo records and sends a message; the line shows it pending until
// the session says what became of it.
func (m *Model) sendTo(jid, body string) tea.Cmd {
	id := xmppclient.NewMessageID()
	m.state.chat(jid).add(chatLine{at: m.now(), body: body, id: id, state: xmppclient.DeliveryPending})
	return m.sendChat(jid, body, id)
}

func (c *chatModel) update(m *Common, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.keys.Back):
			c.input.Blur()
			return m.ask(backMsg{or: screenContacts, lastSeen: true})
		case key.Matches(k, m.keys.Send):
			body := strings.TrimSpace(c.input.Value())
			if body == "" {
				return nil
			}
			c.input.Reset()
			c.scroll = 0
			c.composing = false // the message says "active"
			return m.ask(sendChatMsg{to: c.jid, body: body})
		case key.Matches(k, m.keys.Command) && c.input.Value() == "":
			return m.ask(commandLineMsg{})
		case key.Matches(k, m.keys.PageUp):
			wasTop := c.atTop
			c.scroll += max(1, m.height/2)
			if log := m.state.chats[c.jid]; log != nil && log.oldest != "" && wasTop && !log.start {
				return m.ask(loadHistoryMsg{jid: c.jid, before: log.oldest}) // the oldest line was on screen
			}
			return nil
		case key.Matches(k, m.keys.PageDown):
			c.scroll = max(0, c.scroll-max(1, m.height/2))
			return nil
		}
	}
	var cmd tea.Cmd
	c.input, cmd = c.input.Update(msg)
	return tea.Batch(cmd, c.typingChanged(m))
}

// typingChanged sends composing when a draft starts and paused when it
// is emptied without being sent.
func (c *chatModel) typingChanged(m *Common) tea.Cmd {
	typing := strings.TrimSpace(c.input.Value()) != ""
	if typing == c.composing {
		return nil
	}
	c.composing = typing
	if typing {
		return m.ask(chatStateMsg{to: c.jid, state: xmppclient.ChatComposing})
	}
	return m.ask(chatStateMsg{to: c.jid, state: xmppclient.ChatPaused})
}

// head is the chat's first line: who, their presence, typing….
func (c *chatModel) head(m *Common) string {
	st := m.styles
	name := clean(c.jid)
	if e, ok := m.state.roster.get(c.jid); ok {
		name = e.name
	} else if p, ok := m.state.profiles[c.jid]; ok && p.Nickname != "" {
		name = clean(p.Nickname)
	}
	head := st.Title.Render(" " + name)
	if name != clean(c.jid) { // without a nickname the name is the JID: once
		head += st.Subtle.Render("  " + clean(c.jid))
	}
	if e, ok := m.state.roster.get(c.jid); ok {
		show, glyph, label, known := m.presenceOf(e)
		head += "  " + st.Presence(show).Render(glyph+" "+label)
		if known && e.status != "" {
			head += st.Subtle.Render(" — " + e.status)
		}
	} else if slices.Contains(m.state.strangers, c.jid) {
		head += st.Warn.Render("  message request: /add accepts, /block blocks, /ignore drops it")
	} else {
		head += st.Warn.Render("  not in your contacts")
	}
	if log := m.state.chats[c.jid]; log != nil && log.typing {
		head += st.Subtle.Render("  typing…")
	}
	return head
}

func (c *chatModel) view(m *Common, w, h int) string {
	st := m.styles
	head := c.head(m)
	rule := st.Subtle.Render(strings.Repeat("─", w))
	msgH := c.messageRows(h)
	log := m.state.chats[c.jid]
	var lines []string
	if log == nil || len(log.lines) == 0 {
		lines = []string{st.Subtle.Render(" No messages yet in this session. Say hello!")}
	} else {
		lines = c.lastLines(m, log, w, msgH+c.scroll, false)
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
	input := strings.Split(c.input.View(), "\n")
	for i, l := range input {
		lead := "   "
		if i == 0 {
			lead = st.Accent.Render(" › ")
		}
		input[i] = lead + l
	}
	return strings.Join([]string{trunc(head, w), rule, strings.Join(lines, "\n"), rule, strings.Join(input, "\n")}, "\n")
}

// messageRows is how many rows of an h-line body the messages get: the
// head, two rules and the input take the rest.
func (c *chatModel) messageRows(h int) int { return max(1, h-3-c.input.Height()) }

// clampScroll keeps the scroll position within the history as drawn at
// w×h (the body's size).
// It also notes whether the oldest line in memory is on screen (atTop):
// the next page up then loads the page before it from the history.
func (c *chatModel) clampScroll(m *Common, w, h int) {
	log := m.state.chats[c.jid]
	c.atTop = false
	if log == nil {
		return
	}
	msgH := c.messageRows(h)
	lines := c.lastLines(m, log, w, msgH+c.scroll, true)
	top := max(0, len(lines)-msgH)
	c.atTop = c.scroll >= top
	c.scroll = min(c.scroll, top)
}

// lastLines wraps messages from the newest backwards until n lines are
// there: the cost follows the screen, not the history. Each message's
// block is drawn once per width (and name, state) and kept when keep is
// set: layout fills the cache, View only reads it (View changes nothing),
// so scrolling far up redraws nothing already drawn.
func (c *chatModel) lastLines(m *Common, log *chatLog, w, n int, keep bool) []string {
	if keep && len(c.blocks) > 4*maxChatLines {
		c.blocks = nil // width changes and edits left old entries
	}
	var blocks [][]string
	count := 0
	for i := len(log.lines) - 1; i >= 0 && count < n; i-- {
		l := log.lines[i]
		who := "me"
		if l.from != "" {
			who = m.state.displayName(l.from)
		}
		k := blockKey{seq: l.seq, w: w, who: who, state: l.state, failed: l.failed}
		block, ok := c.blocks[k]
		if !ok {
			block = c.drawBlock(m, l, w, who)
			if keep {
				if c.blocks == nil {
					c.blocks = map[blockKey][]string{}
				}
				c.blocks[k] = block
			}
		}
		blocks = append(blocks, block)
		count += len(block)
	}
	out := make([]string, 0, count+1)
	if log.start && len(blocks) == len(log.lines) {
		out = append(out, m.styles.Subtle.Render(" The start of the conversation."))
	}
	for i := len(blocks) - 1; i >= 0; i-- {
		out = append(out, blocks[i]...)
	}
	return out
}

// blockKey is what a message's drawn block depends on.
type blockKey struct {
	seq, w int
	who    string
	state  xmppclient.Delivery
	failed string
}

// drawBlock draws one message: time, sender, the styled body wrapped to
// w, and its delivery mark or failure.
func (c *chatModel) drawBlock(m *Common, l chatLine, w int, name string) []string {
	st := m.styles
	who := st.Accent.Render("me")
	if l.from != "" {
		who = m.nameStyle(l.from).Render(trunc(name, 20))
	}
	prefix := st.Subtle.Render(l.at.Local().Format("15:04")) + " " + who + " "
	indent := width(prefix)
	body := profile.SanitizeText(l.body, 0)
	var block []string
	for j, para := range m.styledLines(body) {
		for k, wl := range wrapStyled(para, max(10, w-indent-1)) {
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
	} else if mark := deliveryMark(l); mark != "" {
		block[len(block)-1] += " " + st.Subtle.Render(mark)
	}
	return block
}

// deliveryMark is what our message's line ends with: ◌ waiting for a
// connection, → written to the connection, ✓ the server has it (stream
// management's ack), ✓✓ the contact's client has it.
func deliveryMark(l chatLine) string {
	if l.from != "" {
		return ""
	}
	switch l.state {
	case xmppclient.DeliveryPending:
		return "◌"
	case xmppclient.DeliverySent:
		return "→"
	case xmppclient.DeliveryAcked:
		return "✓"
	case xmppclient.DeliveryDelivered:
		return "✓✓"
	}
	return ""
}
