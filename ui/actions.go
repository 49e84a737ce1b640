package ui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// opTimeout bounds one request to the server made from the UI.
const opTimeout = 30 * time.Second

// errNotLoggedIn is shown for session commands before a log in.
var errNotLoggedIn = errtext.New(errtext.BadRequest, "You are not logged in: log in first (/connect).")

// errText is the one line shown for an error: its human sentence, cleaned
// (it may quote the server).
func errText(err error) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, context.Canceled) {
		return "Cancelled."
	}
	return cleanSentence(errtext.Message(err))
}

// loadAccounts reads the saved accounts.
func (m *Model) loadAccounts() tea.Cmd {
	b := m.backend
	return func() tea.Msg {
		accs, err := b.Accounts()
		return accountsMsg{accounts: accs, note: b.StorageNote(), err: err}
	}
}

// doLogin logs in; on success it subscribes to the session's events before
// reading the roster snapshot.
func (m *Model) doLogin(req LoginRequest) tea.Cmd {
	m.awaiting, m.early = true, nil
	login := m.loginCmd(req)
	if m.started != nil && m.started.req == req {
		login, m.started = m.started.wait, nil
	}
	return tea.Batch(m.startBusy("logging in as "+clean(req.JID)), login)
}

func (m *Model) loginCmd(req LoginRequest) tea.Cmd {
	b, p, ctx := m.backend, m.pump, m.ctx
	return func() tea.Msg {
		s, err := b.Login(ctx, req)
		if err != nil {
			return loginMsg{req: req, err: err}
		}
		p.attach(s)
		return loginMsg{req: req, session: s, contacts: s.Contacts(), requests: pendingRequests(s)}
	}
}

// startedLogin is a log-in begun before the program ran (--account): Run
// starts it while Bubble Tea sets the terminal up, and Init waits for it.
// Its result can be read more than once: Run reads it again on the way out,
// to log out a session the program never took (it quit or failed first).
type startedLogin struct {
	req  LoginRequest
	done chan struct{}
	msg  tea.Msg
}

func (s *startedLogin) wait() tea.Msg {
	<-s.done
	return s.msg
}

// session is the session the log-in made, if it made one.
func (s *startedLogin) session() Session {
	if lm, ok := s.wait().(loginMsg); ok {
		return lm.session
	}
	return nil
}

// startLogin begins the log-in of req at once, in the background.
func (m *Model) startLogin(req LoginRequest) *startedLogin {
	login := m.loginCmd(req)
	s := &startedLogin{req: req, done: make(chan struct{})}
	go func() {
		s.msg = login()
		close(s.done)
	}()
	m.started = s
	return s
}

// pendingRequests are the subscription requests that came before the UI
// subscribed, when the session can tell (*xmppclient.Client can).
func pendingRequests(s Session) []string {
	if pr, ok := s.(interface{ PendingRequests() []string }); ok {
		return pr.PendingRequests()
	}
	return nil
}

// doRegister registers and logs in the new account.
func (m *Model) doRegister(req RegisterRequest) tea.Cmd {
	m.awaiting, m.early = true, nil
	b, p, ctx := m.backend, m.pump, m.ctx
	return tea.Batch(m.startBusy("creating the account"), func() tea.Msg {
		res, s, stored, err := b.Register(ctx, req)
		if err != nil || s == nil {
			return registerMsg{req: req, result: res, stored: stored, err: err}
		}
		p.attach(s)
		return registerMsg{req: req, result: res, session: s, stored: stored, contacts: s.Contacts(), requests: pendingRequests(s)}
	})
}

// doLogout ends the session.
func (m *Model) doLogout() tea.Cmd {
	s, b := m.session, m.backend
	if s == nil {
		return nil
	}
	m.pump.detach()
	ctx := m.ctx
	return tea.Batch(m.startBusy("logging out"), func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		return logoutMsg{err: b.Logout(c, s)}
	})
}

// act runs one session request in a Cmd with the spinner on; ok is the
// notice shown when it succeeds.
func (m *Model) act(what, ok string, f func(ctx context.Context, s Session) error) tea.Cmd {
	s := m.session
	if s == nil {
		m.fail(errNotLoggedIn)
		return nil
	}
	ctx := m.ctx
	return tea.Batch(m.startBusy(what), func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		if err := f(c, s); err != nil {
			return doneMsg{err: err}
		}
		return doneMsg{ok: ok}
	})
}

// fetchProfile asks for a profile.
func (m *Model) fetchProfile(jid string) tea.Cmd {
	s, ctx := m.session, m.ctx
	if s == nil {
		return nil
	}
	return func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		p, err := s.GetProfile(c, jid)
		if err == nil && p.JID == "" {
			p.JID = jid
		}
		return profileMsg{jid: jid, profile: p, err: err}
	}
}

// askLastSeen asks a contact's last activity unless a fresh answer (or a
// question) is there already; force skips the freshness check.
func (m *Model) askLastSeen(jid string, force bool) tea.Cmd {
	s, ctx := m.session, m.ctx
	if s == nil || m.asking[jid] {
		return nil
	}
	if ls, ok := m.state.lastSeen[jid]; ok && !force && m.now().Sub(ls.at) < time.Minute {
		return nil
	}
	m.asking[jid] = true
	now := m.now
	return func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		la, err := s.LastSeen(c, jid)
		return lastSeenMsg{jid: jid, la: la, at: now(), err: err}
	}
}

// sendChat sends one message with id, the id of its line in the chat.
func (m *Model) sendChat(to, body, id string) tea.Cmd {
	s, ctx := m.session, m.ctx
	if s == nil {
		m.fail(errNotLoggedIn)
		return nil
	}
	return func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		_, err := s.SendChat(c, to, body, id)
		return sentMsg{to: to, id: id, err: err}
	}
}

// historian is a session with a local history (app's chat session).
type historian interface {
	History(ctx context.Context, peer, before string, limit int) (app.HistoryPage, error)
	Search(ctx context.Context, peer, text string, limit int) ([]app.StoredMessage, error)
}

// historyPage is how many stored messages a chat loads at a time.
const historyPage = 50

// loadHistory reads a page of jid's history: the newest when before is
// "", else the one before that local id. Nil without a history.
func (m *Model) loadHistory(jid, before string) tea.Cmd {
	h, ok := m.session.(historian)
	if !ok {
		return nil
	}
	ctx := m.ctx
	return func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		page, err := h.History(c, jid, before, historyPage)
		return historyMsg{jid: jid, msgs: page.Messages, start: page.Start, older: before != "", err: err}
	}
}

// sendChatState tells a contact whether we type (XEP-0085); errors only
// go to the log: a lost "typing" is not worth a notice.
func (m *Model) sendChatState(to string, state xmppclient.ChatState) tea.Cmd {
	s, ctx := m.session, m.ctx
	if s == nil {
		return nil
	}
	if _, contact := m.state.roster.get(to); !contact {
		return nil // a stranger learns nothing of our typing
	}
	return func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		_ = s.SendChatState(c, to, state)
		return nil
	}
}

// loadPreview loads and decodes a newly chosen avatar for the preview.
func (m *Model) loadPreview(seq int, src string) tea.Cmd {
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		if err := profile.ValidateField(profile.FieldImage, src); err != nil {
			return previewMsg{seq: seq, src: src, err: err}
		}
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		av, err := b.LoadImage(c, profile.Update{Image: src}.Normalized().Image)
		if err != nil {
			return previewMsg{seq: seq, src: src, err: err}
		}
		img, err := profile.DecodeImage(av.Data)
		return previewMsg{seq: seq, src: src, avatar: av, img: img, err: err}
	}
}
