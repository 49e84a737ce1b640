package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/xmppclient"
)

// result is a message that ends a Cmd. Each result applies itself (its
// own method below, next to the others), so the root routes results with
// one type check instead of a switch that reaches into every screen.
type result interface {
	apply(m *Model) tea.Cmd
}

// handleResult applies the result of a Cmd; ok is false for a message that
// is not a result.
func (m *Model) handleResult(msg tea.Msg) (tea.Cmd, bool) {
	r, ok := msg.(result)
	if !ok {
		return nil, false
	}
	return r.apply(m), true
}

func (msg presenceSetMsg) apply(m *Model) tea.Cmd { m.applyPresenceSet(msg); return nil }
func (msg forgotMsg) apply(m *Model) tea.Cmd      { return m.applyForgot(msg) }
func (msg previewMsg) apply(m *Model) tea.Cmd     { return m.updateComponent(&m.edit, msg) }
func (msg secretMsg) apply(m *Model) tea.Cmd      { return m.updateComponent(&m.welcome, msg) }

func (msg accountsMsg) apply(m *Model) tea.Cmd {
	m.storage = msg.note
	cmd := m.updateComponent(&m.welcome, msg)
	if msg.err != nil {
		m.fail(msg.err)
	}
	return tea.Batch(cmd, m.checkSaved(msg.accounts))
}

func (msg loginMsg) apply(m *Model) tea.Cmd {
	m.endBusy()
	if msg.err == nil {
		return m.startSession(msg.session, msg.req.JID, msg.contacts, msg.requests)
	}
	m.login = newLogin(msg.req.JID, msg.req.Server)
	m.login.form.get("ca").input.SetValue(msg.req.CAFile)
	m.login.remember.on = msg.req.Remember || msg.req.Password == ""
	focus := m.updateComponent(&m.login, msg) // the form shows why
	if m.screen != screenLogin {
		m.reset(screenWelcome)
		m.goTo(screenLogin)
	}
	return focus
}

func (msg registerMsg) apply(m *Model) tea.Cmd {
	m.endBusy()
	if msg.err != nil && msg.result.UserJID == "" {
		return m.updateComponent(&m.register, msg) // the form shows why
	}
	m.regDone = regDoneModel{result: msg.result, stored: msg.stored}
	m.register = newRegister(m.opts.DefaultServer)
	if msg.err != nil || msg.session == nil {
		// Registered, but the log in failed: still show the
		// credentials, then offer the log-in form.
		m.regDone.loginErr = errText(msg.err)
		m.reset(screenRegisterDone)
		return nil
	}
	cmd := m.startSession(msg.session, msg.result.UserJID, msg.contacts, msg.requests)
	m.reset(screenRegisterDone)
	return cmd
}

func (msg profileMsg) apply(m *Model) tea.Cmd {
	cmd := m.updateComponent(&m.view, msg)
	if msg.err == nil {
		m.state.setProfile(msg.profile)
	}
	return cmd
}

func (msg lastSeenMsg) apply(m *Model) tea.Cmd {
	delete(m.asking, msg.jid)
	m.state.setLastSeen(msg.jid, msg.la.Seconds, msg.at, msg.err != nil)
	if m.cmdline.lastAsked != msg.jid {
		return nil
	}
	m.cmdline.lastAsked = ""
	if msg.err != nil {
		m.fail(msg.err)
	} else {
		m.info(fmt.Sprintf("%s: %s", clean(msg.jid), m.state.lastSeenText(msg.jid, true)))
	}
	return nil
}

func (msg doneMsg) apply(m *Model) tea.Cmd {
	m.endBusy()
	if msg.err != nil {
		m.fail(msg.err)
	} else if msg.ok != "" {
		m.info(msg.ok)
	}
	return nil
}

func (msg sentMsg) apply(m *Model) tea.Cmd {
	if msg.err != nil {
		m.state.chat(msg.to).setState(msg.id, xmppclient.DeliveryFailed, errText(msg.err))
		m.fail(msg.err)
		return nil
	}
	// A session without an outbox reports no states: written is sent.
	m.state.chat(msg.to).setState(msg.id, xmppclient.DeliverySent, "")
	return nil
}

func (msg historyMsg) apply(m *Model) tea.Cmd {
	if msg.err != nil {
		m.fail(msg.err)
		return nil
	}
	m.state.addHistory(msg.jid, msg.msgs, msg.older)
	if msg.start {
		m.state.chat(msg.jid).start = true
	}
	return nil
}

func (msg searchMsg) apply(m *Model) tea.Cmd {
	if msg.err != nil {
		m.fail(msg.err)
		return nil
	}
	m.info(searchSummary(m, msg))
	return nil
}

func (msg logoutMsg) apply(m *Model) tea.Cmd {
	m.endBusy()
	m.endSession()
	if msg.err != nil {
		m.fail(msg.err)
	} else {
		m.info("Logged out.")
	}
	return m.loadAccounts()
}

// startSession switches to a new session and shows the contact list.
// The subscription requests pending at log-in come first; events that came
// during the log-in are replayed on top of the snapshot.
func (m *Model) startSession(s Session, jid string, contacts []xmppclient.Contact, requests []string) tea.Cmd {
	m.session = s
	account := jid
	var status xmppclient.Status
	if s != nil {
		if cur := bare(s.CurrentJID()); cur != "" {
			account = cur
		}
		status = s.Status()
	}
	m.state = newStore(account, status, contacts, m.clock)
	m.state.setRequests(requests)
	m.asking = map[string]bool{}
	m.stale = nil
	m.contacts = newContacts()
	m.edit = editModel{}
	m.reset(screenContacts)
	if s != nil {
		show, text := s.OwnPresence() // the account's kept choice, announced at log-in
		m.state.setOwnShow(show, clean(text))
	}
	cmds := []tea.Cmd{m.fetchProfile(m.state.account), m.refreshLastSeen(false), m.fetchBlocked()}
	early := m.early
	m.early, m.awaiting = nil, false
	for _, ev := range early {
		cmds = append(cmds, m.handleEvent(ev))
	}
	return tea.Batch(cmds...)
}

// endSession forgets the session and returns to the welcome screen.
func (m *Model) endSession() {
	m.pump.detach()
	m.early, m.awaiting = nil, false
	m.session = nil
	m.state = newStore("", "", nil, m.clock)
	m.stale = nil
	m.edit = editModel{}
	m.chat = chatModel{}
	m.welcome = newWelcome()
	m.reset(screenWelcome)
}
