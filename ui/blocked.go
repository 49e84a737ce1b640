package ui

import (
	"context"
	"maps"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// blockedMark starts the info column of a blocked contact's row: the
// server drops what he sends, so his row would otherwise look merely
// offline.
const blockedMark = "⊘ blocked"

// blockedMsg is the blocklist as the server keeps it, read at log-in.
type blockedMsg struct {
	jids []string
	err  error
}

func (msg blockedMsg) apply(m *Model) tea.Cmd {
	if msg.err != nil {
		// A server without XEP-0191 has no list: no mark, and no notice
		// at every log-in (/block says what the server answers).
		return nil
	}
	for _, j := range msg.jids {
		m.state.setBlocked(j, true)
	}
	return nil
}

// fetchBlocked reads the blocklist, so blocked contacts are marked.
func (m *Model) fetchBlocked() tea.Cmd {
	s, ctx := m.session, m.ctx
	if s == nil {
		return nil
	}
	return func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		jids, err := s.Blocked(c)
		return blockedMsg{jids: jids, err: err}
	}
}

// toggleBlock blocks jid, or lifts its block. The mark follows the
// session's BlocklistEvent.
func (m *Model) toggleBlock(jid string) tea.Cmd {
	return blocker(!m.state.isBlocked(jid))(m, jid)
}

// setBlocked records a block (on) or its end; "" with on false: every
// block was lifted.
func (s *store) setBlocked(jid string, on bool) {
	if s.blocked == nil {
		s.blocked = map[string]bool{}
	}
	switch {
	case jid == "" && !on:
		clear(s.blocked)
	case on:
		s.blocked[bare(jid)] = true
	default:
		delete(s.blocked, bare(jid))
	}
}

func (s *store) isBlocked(jid string) bool { return s.blocked[bare(jid)] }

// cmdBlocked is /blocked: the blocked JIDs, as the session knows them.
func cmdBlocked(m *Model, _ string) tea.Cmd {
	list := slices.Sorted(maps.Keys(m.state.blocked))
	if len(list) == 0 {
		m.info("Nobody is blocked.")
		return nil
	}
	for i, j := range list {
		list[i] = clean(j)
	}
	m.info("Blocked: " + strings.Join(list, ", ") + ".")
	return nil
}

// toggleBlockMsg asks the root to block the contact, or to unblock him
// when he is blocked (the list's b key).
type toggleBlockMsg struct{ jid string }

func (msg toggleBlockMsg) apply(m *Model) tea.Cmd { return m.toggleBlock(msg.jid) }
