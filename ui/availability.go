package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// presenceSetMsg is the answer to SetPresence.
type presenceSetMsg struct {
	show xmppclient.Show
	text string
	err  error
	warn error // announced, but not kept for the next log-in
}

// setAvailability sends our presence (show and its optional text).
func (m *Model) setAvailability(show xmppclient.Show, text string) tea.Cmd {
	text = clean(text)
	s, b, ctx := m.session, m.backend, m.ctx
	return tea.Batch(m.startBusy("changing your availability"), func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		err := b.SetPresence(c, s, show, text)
		if errors.Is(err, app.ErrNotKept) {
			// Announced, only not kept for the next log-in: the header
			// shows what contacts see, and the notice why.
			return presenceSetMsg{show: show, text: text, warn: err}
		}
		return presenceSetMsg{show: show, text: text, err: err}
	})
}

// applyPresenceSet records our new availability once the server has it.
func (m *Model) applyPresenceSet(msg presenceSetMsg) {
	m.endBusy()
	if m.session != nil {
		// What the session announces (or will once reconnected), also
		// after a failure: the header shows what contacts see.
		show, text := m.session.OwnPresence()
		m.state.setOwnShow(show, clean(text))
	}
	if msg.err != nil {
		m.fail(msg.err)
		return
	}
	if msg.warn != nil {
		m.fail(msg.warn)
		return
	}
	_, label := presenceMark(msg.show)
	m.info(fmt.Sprintf("You are now %s.", label))
}

// cmdIdle is /idle: whether contacts may ask how long we have been idle.
func cmdIdle(m *Model, arg string) tea.Cmd {
	on := strings.EqualFold(arg, "on")
	switch {
	case arg == "":
		state := "not shared: contacts who ask are refused"
		if m.session.SharesIdle() {
			state = "shared with contacts who ask"
		}
		m.info("Your idle time is " + state + ".")
		return nil
	case !on && !strings.EqualFold(arg, "off"):
		m.fail(errtext.New(errtext.BadRequest, "/idle takes on or off."))
		return nil
	}
	if err := m.backend.SetShareIdle(m.session, on); err != nil {
		m.fail(err)
		return nil
	}
	if on {
		m.info("Contacts who ask now learn how long you have been idle.")
	} else {
		m.info("Contacts who ask how long you have been idle are now refused.")
	}
	return nil
}
