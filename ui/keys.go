package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// handleKey routes a key press: Ctrl-C first (it asks before losing an
// edit), then the open dialog or overlay, then the global keys (only when
// no text input has the focus, so q types q in a field), then the screen.
func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if m.session != nil {
		m.session.MarkActive() // a timestamp: idle time for XEP-0012
	}
	if key.Matches(k, m.keys.ForceQuit) {
		if m.confirm != nil && m.confirm.quit {
			return m.quit() // a second Ctrl-C means it
		}
		return m.requestQuit()
	}
	if m.confirm != nil {
		return m.runDialog(m.confirm.update(m.keys, k), func() { m.confirm = nil })
	}
	if m.help {
		m.helpKey(k)
		return nil
	}
	if m.cmdline.active {
		return m.cmdline.update(m, k)
	}
	if m.prompt != nil {
		a, cmd := m.prompt.update(m.keys, k)
		return tea.Batch(cmd, m.runDialog(a, func() { m.prompt = nil }))
	}
	m.notice = notice{}
	if cmd, ok := m.globalKey(k); ok {
		return cmd
	}
	return m.updateScreen(k)
}

// globalKey handles the keys every screen shares: F1 always, the others
// only when no text input has the focus. ok reports whether k was one.
func (m *Model) globalKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	if key.Matches(k, m.keys.HelpAnywhere) {
		m.openHelp()
		return nil, true
	}
	if m.current().typing() {
		return nil, false
	}
	switch {
	case m.throwaway() && m.busy == 0 && key.Matches(k, m.keys.Keep):
		return m.keepTrial(), true
	case key.Matches(k, m.keys.Help):
		m.openHelp()
		return nil, true
	case key.Matches(k, m.keys.Command):
		return m.cmdline.open(m, ""), true
	case key.Matches(k, m.keys.Quit):
		return m.requestQuit(), true
	}
	return nil, false
}

// routeInput gives a non-key message (paste, cursor blink) to whatever has
// the focus.
func (m *Model) routeInput(msg tea.Msg) tea.Cmd {
	switch {
	case m.confirm != nil || m.help:
		return nil
	case m.cmdline.active:
		return m.cmdline.inputMsg(msg)
	case m.prompt != nil:
		var cmd tea.Cmd
		m.prompt.input, cmd = m.prompt.input.Update(msg)
		return cmd
	}
	return m.updateScreen(msg)
}

// updateScreen gives msg to the screen on show.
func (m *Model) updateScreen(msg tea.Msg) tea.Cmd { return m.updateComponent(m.current(), msg) }

// updateComponent gives msg to s (the screen on show, or the screen a
// result is for), then applies what it asked for, in the order asked
// (Common.ask).
func (m *Model) updateComponent(s component, msg tea.Msg) tea.Cmd {
	c := m.common()
	cmds := []tea.Cmd{s.update(c, msg)}
	for _, r := range c.asked {
		cmds = append(cmds, r.apply(m))
	}
	return tea.Batch(cmds...)
}
