package ui

import (
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/errtext"
)

// Messages from people who are not contacts are message requests: kept
// apart, bounded, and answered by adding the sender (/add), blocking him
// (/block) or ignoring him (/ignore). The bounds keep a flood from
// strangers (thousands of senders, thousands of messages) from growing
// the UI without end; the history keeps what was stored.
const (
	maxRequestMessages = 20  // kept per stranger
	maxRequestSenders  = 200 // strangers kept; the oldest go first
)

// noteStranger records a message from peer, who is not a contact, as a
// message request, dropping what is over the bounds.
func (s *store) noteStranger(peer string) {
	if i := slices.Index(s.strangers, peer); i >= 0 {
		s.strangers = append(s.strangers[:i], s.strangers[i+1:]...)
	}
	s.strangers = append(s.strangers, peer)
	for len(s.strangers) > maxRequestSenders {
		s.dropStranger(s.strangers[0])
	}
	if log := s.chats[peer]; log != nil && len(log.lines) > maxRequestMessages {
		log.lines = append(log.lines[:0:0], log.lines[len(log.lines)-maxRequestMessages:]...)
	}
}

// dropStranger forgets a message request: its lines and unread count.
func (s *store) dropStranger(peer string) {
	s.strangers = slices.DeleteFunc(s.strangers, func(j string) bool { return j == peer })
	delete(s.chats, peer)
	delete(s.unread, peer)
}

// acceptStranger turns a message request into a chat with a contact.
func (s *store) acceptStranger(peer string) {
	s.strangers = slices.DeleteFunc(s.strangers, func(j string) bool { return j == peer })
}

// requestLine is the contact list's line about message requests.
func (m *Model) requestLine(w int) string {
	n := len(m.state.strangers)
	if n == 0 {
		return ""
	}
	st := m.styles
	first := m.state.strangers[0]
	msgs := 0
	if log := m.state.chats[first]; log != nil {
		msgs = len(log.lines)
	}
	line := st.Warn.Render(fmt.Sprintf(" ✉ %d message request", n))
	if n > 1 {
		line += st.Warn.Render("s")
	}
	line += "  " + keyHint(st, m.keys.Requests, "read") + st.Subtle.Render(fmt.Sprintf("  %s (%d message", clean(first), msgs))
	if msgs != 1 {
		line += st.Subtle.Render("s")
	}
	return trunc(line+st.Subtle.Render(")"), w)
}

// openRequest opens the oldest message request's chat.
func (m *Model) openRequest() tea.Cmd {
	if len(m.state.strangers) == 0 {
		m.info("No message requests.")
		return nil
	}
	return m.openChat(m.state.strangers[0])
}

// cmdIgnore drops a message request without answering it.
func cmdIgnore(m *Model, arg string) tea.Cmd {
	jid := bare(arg)
	if jid == "" && m.screen == screenChat {
		jid = m.chat.jid
	}
	if !slices.Contains(m.state.strangers, jid) {
		m.fail(errtext.New(errtext.BadRequest, "%s sent no message request.", clean(jid)))
		return nil
	}
	m.state.dropStranger(jid)
	m.info("Ignored the messages from " + clean(jid) + ".")
	if m.screen == screenChat && m.chat.jid == jid && !m.goBack() {
		m.reset(screenContacts)
	}
	return nil
}
