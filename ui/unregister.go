package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
)

// cmdUnregister deletes the account on the server and then what this
// machine keeps of it. Typing the account's address is the confirmation:
// it cannot be undone.
func cmdUnregister(m *Model, arg string) tea.Cmd {
	me := m.state.account
	typed, err := app.BareJID(arg)
	if want, _ := app.BareJID(me); err != nil || typed != want {
		m.fail(errtext.New(errtext.BadRequest, "To delete your account for good, type its address: /unregister %s.", clean(me)))
		return nil
	}
	s, b, ctx := m.session, m.backend, m.ctx
	return tea.Batch(m.startBusy("deleting the account"), func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		if err := s.Unregister(c); err != nil {
			return unregisterMsg{jid: me, err: err}
		}
		return unregisterMsg{jid: me, deleted: true, err: b.ForgetAccount(me)}
	})
}

// unregisterMsg ends /unregister: deleted says the server deleted the
// account; err is the server's refusal, or what could not be removed here.
type unregisterMsg struct {
	jid     string
	deleted bool
	err     error
}

func (msg unregisterMsg) apply(m *Model) tea.Cmd {
	m.endBusy()
	if !msg.deleted {
		m.fail(msg.err) // the session goes on
		return nil
	}
	m.endSession()
	if msg.err != nil {
		m.fail(errtext.Wrap(errtext.Code(msg.err), msg.err, "Deleted %s on the server, but not everything of it on this machine: %s", clean(msg.jid), errtext.Message(msg.err)))
	} else {
		m.info("Deleted " + clean(msg.jid) + " on the server; its password and message history are gone from this machine.")
	}
	return m.loadAccounts()
}
