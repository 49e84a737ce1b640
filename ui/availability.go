package ui

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/xmppclient"
)

// presenceSetMsg is the answer to SetPresence.
type presenceSetMsg struct {
	show xmppclient.Show
	text string
	err  error
}

// setAvailability sends our presence (show and its optional text).
func (m *Model) setAvailability(show xmppclient.Show, text string) tea.Cmd {
	text = clean(text)
	s, ctx := m.session, m.ctx
	return tea.Batch(m.startBusy("changing your availability"), func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		return presenceSetMsg{show: show, text: text, err: s.SetPresence(c, show, text)}
	})
}

// applyPresenceSet records our new availability once the server has it.
func (m *Model) applyPresenceSet(msg presenceSetMsg) {
	m.endBusy()
	if msg.err != nil {
		m.fail(msg.err)
		return
	}
	m.state.setOwnShow(msg.show, msg.text)
	_, label := presenceMark(msg.show)
	m.info(fmt.Sprintf("You are now %s.", label))
}
