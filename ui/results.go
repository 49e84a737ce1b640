package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// handleResult applies the result of a Cmd; ok is false for a message that
// is not a result.
func (m *Model) handleResult(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case presenceSetMsg:
		m.applyPresenceSet(msg)
	case forgotMsg:
		return m.applyForgot(msg), true
	case accountsMsg:
		m.storage = msg.note
		m.welcome.setAccounts(msg.accounts)
		if msg.err != nil {
			m.fail(msg.err)
		}
	case loginMsg:
		m.endBusy()
		if msg.err != nil {
			m.login = newLogin(msg.req.JID, msg.req.Server)
			m.login.remember.on = msg.req.Remember || msg.req.Password == ""
			m.login.fail(msg.err)
			if m.screen != screenLogin {
				m.reset(screenWelcome)
				m.goTo(screenLogin)
			}
			return m.login.form.focusKey("password"), true
		}
		cmd := m.startSession(msg.session, msg.req.JID, msg.contacts)
		m.requests = msg.requests
		return cmd, true
	case registerMsg:
		m.endBusy()
		if msg.err != nil && msg.result.UserJID == "" {
			m.register.fail(msg.err)
			return nil, true
		}
		m.regDone = regDoneModel{result: msg.result, stored: msg.stored}
		m.register = newRegister(m.opts.DefaultServer)
		if msg.err != nil || msg.session == nil {
			// Registered, but the log in failed: still show the
			// credentials, then offer the log-in form.
			m.regDone.loginErr = errText(msg.err)
			m.reset(screenRegisterDone)
			return nil, true
		}
		cmd := m.startSession(msg.session, msg.result.UserJID, msg.contacts)
		m.requests = msg.requests
		m.reset(screenRegisterDone)
		return cmd, true
	case profileMsg:
		if m.view.jid == msg.jid {
			m.view.loading = false
			m.view.err = ""
			if msg.err != nil {
				m.view.err = errText(msg.err)
				if errtext.Code(msg.err) == errtext.NotFound {
					m.view.err = "No profile published yet."
				}
			}
		}
		if msg.err == nil {
			m.setProfile(msg.profile)
		}
	case lastSeenMsg:
		delete(m.asking, msg.jid)
		m.lastSeen[msg.jid] = lastSeenInfo{seconds: msg.la.Seconds, at: msg.at, failed: msg.err != nil}
		if m.cmdline.lastAsked == msg.jid {
			m.cmdline.lastAsked = ""
			if msg.err != nil {
				m.fail(msg.err)
			} else {
				m.info(fmt.Sprintf("%s: %s", clean(msg.jid), m.lastSeenText(msg.jid, true)))
			}
		}
	case doneMsg:
		m.endBusy()
		if msg.err != nil {
			m.fail(msg.err)
		} else if msg.ok != "" {
			m.info(msg.ok)
		}
	case sentMsg:
		if msg.err != nil {
			m.chatLog(msg.to).markFailed(msg.seq, errText(msg.err))
			m.fail(msg.err)
		}
	case savedMsg:
		m.endBusy()
		return m.saved(msg), true
	case previewMsg:
		m.edit.setPreview(msg)
	case logoutMsg:
		m.endBusy()
		m.endSession()
		if msg.err != nil {
			m.fail(msg.err)
		} else {
			m.info("Logged out.")
		}
		return m.loadAccounts(), true
	default:
		return nil, false
	}
	return nil, true
}

// startSession switches to a new session and shows the contact list.
func (m *Model) startSession(s Session, jid string, contacts []xmppclient.Contact) tea.Cmd {
	m.session = s
	m.account = bare(jid)
	if s != nil {
		if cur := bare(s.CurrentJID()); cur != "" {
			m.account = cur
		}
		m.conn = connState{status: s.Status()}
	}
	m.roster = newRoster()
	m.roster.set(contacts)
	m.profiles = map[string]profile.Profile{}
	m.lastSeen = map[string]lastSeenInfo{}
	m.asking = map[string]bool{}
	m.chats = map[string]*chatLog{}
	m.unread = map[string]int{}
	m.requests = nil
	m.myShow, m.myShowText = xmppclient.ShowOnline, ""
	m.contacts = newContacts()
	m.edit = editModel{}
	m.reset(screenContacts)
	cmds := []tea.Cmd{m.fetchProfile(m.account), m.refreshLastSeen(false)}
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
	m.account = ""
	m.conn = connState{}
	m.roster = newRoster()
	m.requests = nil
	m.edit = editModel{}
	m.chat = chatModel{}
	m.welcome = newWelcome()
	m.reset(screenWelcome)
}

// saved ends a profile publish.
func (m *Model) saved(msg savedMsg) tea.Cmd {
	if msg.err != nil {
		if msg.silent {
			m.fail(fmt.Errorf("could not %s: %s", msg.step, errText(msg.err)))
			return nil
		}
		m.edit.fail(msg.step, msg.err)
		return nil
	}
	if msg.profile.JID == "" {
		msg.profile.JID = m.account
	}
	m.setProfile(msg.profile)
	if msg.silent {
		m.info("Profile published.")
		return nil
	}
	m.edit = editModel{}
	m.info("Profile published.")
	// Return to the profile view of oneself: drop the edit screen.
	m.screen = screenProfile
	m.view = newProfileView(m.account)
	if n := len(m.back); n > 0 && m.back[n-1] == screenProfile {
		m.back = m.back[:n-1]
	}
	return nil
}
