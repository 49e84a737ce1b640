package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Navigation: the current screen and the back stack. Screens ask for a
// screen change through these methods; the root keeps the store told
// which chat is on screen.

// go pushes a screen on the back stack and shows another.
func (m *Model) goTo(s screen) {
	if m.screen != s {
		m.back = append(m.back, m.screen)
	}
	m.screen = s
	m.syncReading()
}

// syncReading tells the store whose chat is on screen, so that its
// messages are not counted as unread.
func (m *Model) syncReading() {
	if m.screen == screenChat {
		m.state.read(m.chat.jid)
	} else {
		m.state.read("")
	}
}

// goBack shows the previous screen; it reports false at the bottom.
// guardForm is the common start of the log-in and registration forms'
// update: Esc goes back (to the welcome screen when there is nothing to go
// back to), and keys wait while a request is in flight. It reports whether
// msg was used up.
func (m *Model) guardForm(msg tea.Msg) bool {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.keys.Back) {
		if !m.goBack() {
			m.reset(screenWelcome)
		}
		return true
	}
	return m.busy > 0
}

func (m *Model) goBack() bool {
	if len(m.back) == 0 {
		return false
	}
	m.screen = m.back[len(m.back)-1]
	m.back = m.back[:len(m.back)-1]
	m.syncReading()
	return true
}

// reset shows a screen with an empty back stack.
func (m *Model) reset(s screen) {
	m.back = nil
	m.screen = s
	m.syncReading()
}
