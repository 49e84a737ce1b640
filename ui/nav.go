package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// Navigation: the current screen and the back stack, which only the root
// changes. A screen asks for a screen change, or for anything else that
// changes the root (a log-in, a notice, a dialog, a request to the
// server), with one of the request messages below (Common.ask, which
// says why they are not Cmds of their own); each applies itself like a
// result (results.go), and the root applies them as soon as the screen's
// update returns. The root keeps the store told which chat is on screen.

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

// guardForm is the common start of the log-in and registration forms'
// update: Esc goes back (to the welcome screen when there is nothing to go
// back to), and keys wait while a request is in flight. done reports
// whether msg was used up.
func guardForm(m *Common, msg tea.Msg) (cmd tea.Cmd, done bool) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.keys.Back) {
		return m.ask(backMsg{or: screenWelcome}), true
	}
	return nil, m.busy > 0
}

// goBack shows the previous screen; it reports false at the bottom.
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

// navigateMsg asks to open a screen: a chat or a profile (of jid; "" is
// one's own), the profile editor, the log-in form (prefilled with jid) or
// the registration form.
type navigateMsg struct {
	to  screen
	jid string
}

func (msg navigateMsg) apply(m *Model) tea.Cmd {
	switch msg.to {
	case screenChat:
		return m.openChat(msg.jid)
	case screenProfile:
		return m.openProfile(msg.jid)
	case screenEdit:
		return m.openEdit()
	case screenLogin:
		return m.openLogin(msg.jid)
	case screenRegister:
		return m.openRegister()
	}
	return nil
}

// backMsg asks to go back a screen, or to or at the bottom of the stack;
// lastSeen then asks the last activity of the contacts in view.
type backMsg struct {
	or       screen
	lastSeen bool
}

func (msg backMsg) apply(m *Model) tea.Cmd {
	if !m.goBack() {
		m.reset(msg.or)
	}
	if msg.lastSeen {
		return m.visibleLastSeen()
	}
	return nil
}

// closeEditMsg asks to leave the profile editor, dropping what it holds.
type closeEditMsg struct{}

func (closeEditMsg) apply(m *Model) tea.Cmd {
	m.edit = editModel{}
	return backMsg{or: screenContacts}.apply(m)
}

// continueMsg asks to leave the new account's credentials: to the
// contacts, or to the log-in form for jid when the log in failed.
type continueMsg struct {
	jid     string
	toLogin bool
}

func (msg continueMsg) apply(m *Model) tea.Cmd {
	m.regDone = regDoneModel{} // shown once
	if msg.toLogin {
		m.reset(screenWelcome)
		return tea.Batch(m.loadAccounts(), m.openLogin(msg.jid))
	}
	m.reset(screenContacts)
	return m.refreshLastSeen(false)
}

// noticeMsg asks to show a notice: err when it is set, else text.
type noticeMsg struct {
	text string
	err  error
}

func (msg noticeMsg) apply(m *Model) tea.Cmd {
	if msg.err != nil {
		m.fail(msg.err)
	} else {
		m.info(msg.text)
	}
	return nil
}

// confirmMsg asks to put a yes/no question; yes is the request made on
// yes.
type confirmMsg struct {
	question string
	yes      result
}

func (msg confirmMsg) apply(m *Model) tea.Cmd {
	m.confirm = &confirmModel{question: msg.question, yes: msg.yes.apply}
	return nil
}

// loginRequestMsg and registerRequestMsg ask to log in and to register.
type loginRequestMsg struct{ req LoginRequest }
type registerRequestMsg struct{ req RegisterRequest }

func (msg loginRequestMsg) apply(m *Model) tea.Cmd    { return m.doLogin(msg.req) }
func (msg registerRequestMsg) apply(m *Model) tea.Cmd { return m.doRegister(msg.req) }

// forgetAccountMsg asks to forget a saved account (the root asks first).
type forgetAccountMsg struct{ jid string }

func (msg forgetAccountMsg) apply(m *Model) tea.Cmd { return m.confirmForget(msg.jid) }

// removeContactMsg asks to remove a contact (the root asks first).
type removeContactMsg struct{ jid string }

func (msg removeContactMsg) apply(m *Model) tea.Cmd { return m.confirmRemove(msg.jid) }

// addPromptMsg asks for the prompt that adds a contact, prefilled.
type addPromptMsg struct{ jid string }

func (msg addPromptMsg) apply(m *Model) tea.Cmd { return m.openAddPrompt(msg.jid) }

// commandLineMsg asks to open the command line with prefill.
type commandLineMsg struct{ prefill string }

func (msg commandLineMsg) apply(m *Model) tea.Cmd { return m.cmdline.open(m, msg.prefill) }

// answerRequestMsg asks to accept or refuse the oldest subscription
// request.
type answerRequestMsg struct{ accept bool }

func (msg answerRequestMsg) apply(m *Model) tea.Cmd { return m.answerRequest(msg.accept) }

// openRequestMsg asks to open the oldest message request's chat.
type openRequestMsg struct{}

func (openRequestMsg) apply(m *Model) tea.Cmd { return m.openRequest() }

// askProfileMsg asks to fetch jid's profile, and with lastSeen its last
// activity too.
type askProfileMsg struct {
	jid      string
	lastSeen bool
}

func (msg askProfileMsg) apply(m *Model) tea.Cmd {
	if msg.lastSeen {
		return tea.Batch(m.fetchProfile(msg.jid), m.askLastSeen(msg.jid, true))
	}
	return m.fetchProfile(msg.jid)
}

// askLastSeenMsg asks the last activity of the offline contacts in view;
// force ignores freshness.
type askLastSeenMsg struct{ force bool }

func (msg askLastSeenMsg) apply(m *Model) tea.Cmd { return m.lastSeenFor(msg.force) }

// setFilterMsg asks to filter the contact list.
type setFilterMsg struct{ text string }

func (msg setFilterMsg) apply(m *Model) tea.Cmd { m.state.roster.setFilter(msg.text); return nil }

// sendChatMsg asks to record and send a message.
type sendChatMsg struct{ to, body string }

func (msg sendChatMsg) apply(m *Model) tea.Cmd { return m.sendTo(msg.to, msg.body) }

// loadHistoryMsg asks for a page of a chat's history (loadHistory).
type loadHistoryMsg struct{ jid, before string }

func (msg loadHistoryMsg) apply(m *Model) tea.Cmd { return m.loadHistory(msg.jid, msg.before) }

// chatStateMsg asks to tell a contact whether we type.
type chatStateMsg struct {
	to    string
	state xmppclient.ChatState
}

func (msg chatStateMsg) apply(m *Model) tea.Cmd { return m.sendChatState(msg.to, msg.state) }

// loadPreviewMsg asks to load a newly chosen avatar for the preview.
type loadPreviewMsg struct {
	seq int
	src string
}

func (msg loadPreviewMsg) apply(m *Model) tea.Cmd { return m.loadPreview(msg.seq, msg.src) }

// saveProfileMsg asks to publish the own profile from the editor.
type saveProfileMsg struct{ u profile.Update }

func (msg saveProfileMsg) apply(m *Model) tea.Cmd { return m.save(msg.u, false) }
