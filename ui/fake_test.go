package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// fakeSession is a Session that records calls and answers from fields.
type fakeSession struct {
	mu        sync.Mutex
	jid       string
	status    xmppclient.Status
	contacts  []xmppclient.Contact
	profiles  map[string]profile.Profile
	profErr   error
	updateErr error
	sendErr   error
	lastSeen  map[string]xmppclient.LastActivity
	calls     []string
	updates   []profile.Update
	sent      []string
	events    chan xmppclient.Event
	active    int // MarkActive calls
	show      xmppclient.Show
	text      string
	hideIdle  bool
	blocked   []string // what Blocked answers
}

func newFakeSession(jid string) *fakeSession {
	return &fakeSession{
		jid:      jid + "/parley",
		status:   xmppclient.StatusConnected,
		profiles: map[string]profile.Profile{},
		lastSeen: map[string]xmppclient.LastActivity{},
		events:   make(chan xmppclient.Event, 16),
	}
}

func (f *fakeSession) record(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
}

func (f *fakeSession) called(prefix string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.calls {
		if strings.HasPrefix(c, prefix) {
			return true
		}
	}
	return false
}

func (f *fakeSession) CurrentJID() string                           { return f.jid }
func (f *fakeSession) Status() xmppclient.Status                    { return f.status }
func (f *fakeSession) Contacts() []xmppclient.Contact               { return f.contacts }
func (f *fakeSession) Subscribe() (<-chan xmppclient.Event, func()) { return f.events, func() {} }
func (f *fakeSession) AddContact(_ context.Context, jid, name string) error {
	f.record("add %s", jid)
	return nil
}
func (f *fakeSession) AcceptSubscription(_ context.Context, jid string) error {
	f.record("accept %s", jid)
	return nil
}
func (f *fakeSession) RefuseSubscription(_ context.Context, jid string) error {
	f.record("refuse %s", jid)
	return nil
}
func (f *fakeSession) RemoveContact(_ context.Context, jid string) error {
	f.record("remove %s", jid)
	return nil
}
func (f *fakeSession) Unregister(_ context.Context) error {
	f.record("unregister")
	return nil
}
func (f *fakeSession) Block(_ context.Context, jid string) error {
	f.record("block %s", jid)
	return nil
}
func (f *fakeSession) Unblock(_ context.Context, jid string) error {
	f.record("unblock %s", jid)
	return nil
}
func (f *fakeSession) LastSeen(_ context.Context, jid string) (xmppclient.LastActivity, error) {
	f.record("last %s", jid)
	if la, ok := f.lastSeen[jid]; ok {
		return la, nil
	}
	return xmppclient.LastActivity{}, errtext.New(errtext.Forbidden, "Not allowed.")
}
func (f *fakeSession) SendMessage(ctx context.Context, to, body string) error {
	_, err := f.SendChat(ctx, to, body, "")
	return err
}
func (f *fakeSession) SendChat(_ context.Context, to, body, id string) (string, error) {
	f.record("send %s %s", to, body)
	f.mu.Lock()
	f.sent = append(f.sent, to+": "+body)
	f.mu.Unlock()
	return id, f.sendErr
}
func (f *fakeSession) SendChatState(_ context.Context, to string, state xmppclient.ChatState) error {
	f.record("chatstate %s %s", to, state)
	return nil
}
func (f *fakeSession) SetPresence(_ context.Context, show xmppclient.Show, status string) error {
	f.record("presence %s %s", show, status)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.show, f.text = show, status
	return nil
}
func (f *fakeSession) OwnPresence() (xmppclient.Show, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.show == "" {
		return xmppclient.ShowOnline, f.text
	}
	return f.show, f.text
}
func (f *fakeSession) SetShareIdle(on bool) {
	f.record("idle %v", on)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hideIdle = !on
}
func (f *fakeSession) SharesIdle() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return !f.hideIdle
}
func (f *fakeSession) Blocked(context.Context) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.blocked), nil
}
func (f *fakeSession) GetProfile(_ context.Context, jid string) (profile.Profile, error) {
	f.record("profile %s", jid)
	if f.profErr != nil {
		return profile.Profile{}, f.profErr
	}
	if p, ok := f.profiles[jid]; ok {
		return p, nil
	}
	return profile.Profile{}, errtext.New(errtext.NotFound, "No profile published.")
}
func (f *fakeSession) UpdateProfile(_ context.Context, u profile.Update) (profile.Profile, error) {
	f.record("update %s", u.Nickname)
	f.mu.Lock()
	f.updates = append(f.updates, u)
	f.mu.Unlock()
	if f.updateErr != nil {
		return profile.Profile{}, f.updateErr
	}
	p := profile.Profile{JID: bare(f.jid), Nickname: u.Nickname, Status: u.Status, MobileNumber: u.MobileNumber, Email: u.Email}
	f.profiles[p.JID] = p
	return p, nil
}
func (f *fakeSession) Logout(context.Context) error { f.record("logout"); return nil }
func (f *fakeSession) MarkActive() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.active++
}

// activeMarks is how many times MarkActive was called.
func (f *fakeSession) activeMarks() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.active
}

// fakeBackend is a Backend with one account and a password.
type fakeBackend struct {
	accounts []Account
	password string   // the right password; "" accepts any
	stored   bool     // a secret is stored for the account
	unsaved  []string // accounts with no secret stored although stored is set
	session  *fakeSession
	logins   []LoginRequest
	regErr   error
	loginErr error // every Login fails with it, if set
	regs     []RegisterRequest
	logouts  int
	loggedIn chan struct{} // closed after the first successful Login, if set
	entered  chan struct{} // closed when Login is first called, if set
	hold     chan struct{} // Login waits for it to close, if set
	once     sync.Once
	forgot   []string // ForgetAccount calls
	saves    int      // SaveProfile calls
	// presences are the SetPresence calls ("away at lunch"): kept for
	// the account by the application layer.
	presences []string
}

func (b *fakeBackend) ForgetAccount(jid string) error {
	b.forgot = append(b.forgot, jid)
	for i, a := range b.accounts {
		if a.JID == jid {
			b.accounts = append(b.accounts[:i:i], b.accounts[i+1:]...)
			return nil
		}
	}
	return errtext.New(errtext.NotFound, "No account %s is saved.", jid)
}

func (b *fakeBackend) Accounts() ([]Account, error) { return b.accounts, nil }

// PasswordSaved is what the fake knows: a stored secret, or, for the
// accounts listed in unsaved, none.
func (b *fakeBackend) PasswordSaved(_ context.Context, jid string) bool {
	return b.stored && !slices.Contains(b.unsaved, jid)
}

// SaveProfile does what the application layer promises: validate once,
// then publish the normalised update.
func (b *fakeBackend) LoadImage(ctx context.Context, src string) (profile.Avatar, error) {
	return profile.LoadImage(ctx, src)
}
func (b *fakeBackend) SaveProfile(ctx context.Context, s Session, u profile.Update) (profile.Profile, error) {
	b.saves++
	if err := u.Validate(); err != nil {
		return profile.Profile{}, err
	}
	return s.UpdateProfile(ctx, u.Normalized())
}
func (b *fakeBackend) SetPresence(ctx context.Context, s Session, show xmppclient.Show, text string) error {
	b.presences = append(b.presences, string(show)+" "+text)
	return s.SetPresence(ctx, show, text)
}
func (b *fakeBackend) SetShareIdle(s Session, on bool) error {
	s.SetShareIdle(on)
	return nil
}
func (b *fakeBackend) StorageNote() string {
	return "Passwords are kept in the system keyring."
}
func (b *fakeBackend) Login(_ context.Context, req LoginRequest) (Session, error) {
	if b.entered != nil {
		close(b.entered)
		b.entered = nil
	}
	if b.hold != nil {
		<-b.hold
	}
	b.logins = append(b.logins, req)
	if b.loginErr != nil {
		return nil, b.loginErr
	}
	pw := req.Password
	if pw == "" && slices.Contains(b.unsaved, req.JID) {
		return nil, errtext.Wrap(errtext.NotFound, keystore.ErrNoPassword, "No password is known for %s; enter it or set a password command.", req.JID)
	}
	if pw == "" && b.stored {
		pw = b.password
	}
	if b.password != "" && pw != b.password {
		return nil, errtext.New(errtext.Unauthorized, "The server refused the password for %s: not-authorized.", req.JID)
	}
	if b.session == nil {
		b.session = newFakeSession(req.JID)
	}
	if b.loggedIn != nil {
		b.once.Do(func() { close(b.loggedIn) })
	}
	return b.session, nil
}
func (b *fakeBackend) Register(_ context.Context, req RegisterRequest) (xmppclient.RegisterResult, Session, string, error) {
	b.regs = append(b.regs, req)
	if b.regErr != nil {
		return xmppclient.RegisterResult{}, nil, "", b.regErr
	}
	jid := strings.ToLower(req.Identifier) + "@localhost"
	b.session = newFakeSession(jid)
	return xmppclient.RegisterResult{Username: strings.ToLower(req.Identifier), Password: "s3cret-generated-password-xyz",
		UserJID: jid, IsSandbox: req.Sandbox}, b.session, "Saved in the system keyring.", nil
}
func (b *fakeBackend) Logout(_ context.Context, s Session) error {
	b.logouts++
	return s.Logout(context.Background())
}

var testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// newTestModel makes a model of w×h with a fixed clock, without colour
// unless colour is asked for.
func newTestModel(t testing.TB, b Backend, w, h int) *Model {
	t.Helper()
	m := NewModel(context.Background(), Options{Backend: b, Width: w, Height: h})
	m.now = func() time.Time { return testNow }
	return m
}

// drain runs cmd and feeds every message it makes back into the model,
// depth first, until nothing is left. Spinner and countdown ticks are not
// fed back (they would wait on a timer).
func drain(t testing.TB, m *Model, cmd tea.Cmd) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			t.Fatal("drain: too many messages")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil, spinner.TickMsg, tickMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			queue = append(queue, m.update(msg))
		}
	}
}

// send feeds one message and drains what it causes.
func send(t testing.TB, m *Model, msg tea.Msg) {
	t.Helper()
	drain(t, m, m.update(msg))
}

// press types keys: each argument is a key name ("enter", "ctrl+c") or,
// when it is longer and not a key name, text typed rune by rune.
func press(t testing.TB, m *Model, keys ...string) {
	t.Helper()
	for _, k := range keys {
		for _, msg := range keyMsgs(k) {
			send(t, m, msg)
		}
	}
}

var specialKeys = map[string]tea.Key{
	"enter":     {Code: tea.KeyEnter},
	"esc":       {Code: tea.KeyEscape},
	"tab":       {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"up":        {Code: tea.KeyUp},
	"down":      {Code: tea.KeyDown},
	"pgdown":    {Code: tea.KeyPgDown},
	"pgup":      {Code: tea.KeyPgUp},
	"backspace": {Code: tea.KeyBackspace},
	"space":     {Code: tea.KeySpace, Text: " "},
	"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
	"ctrl+s":    {Code: 's', Mod: tea.ModCtrl},
	"ctrl+u":    {Code: 'u', Mod: tea.ModCtrl},
	"f1":        {Code: tea.KeyF1},
	"ctrl+j":    {Code: 'j', Mod: tea.ModCtrl},
	"alt+enter": {Code: tea.KeyEnter, Mod: tea.ModAlt},
}

func keyMsgs(s string) []tea.Msg {
	if k, ok := specialKeys[s]; ok {
		return []tea.Msg{tea.KeyPressMsg(k)}
	}
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg(tea.Key{Code: r, Text: string(r)}))
	}
	return out
}

// screenText is the view without styling.
func screenText(m *Model) string { return ansi.Strip(m.View().Content) }

// mustShow fails unless the screen contains every want.
func mustShow(t testing.TB, m *Model, want ...string) {
	t.Helper()
	s := screenText(m)
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

// mustNotShow fails if the screen contains any of bad.
func mustNotShow(t testing.TB, m *Model, bad ...string) {
	t.Helper()
	s := screenText(m)
	for _, b := range bad {
		if strings.Contains(s, b) {
			t.Fatalf("screen shows %q:\n%s", b, s)
		}
	}
}

// loggedIn returns a model logged in as alice with the given contacts.
func loggedIn(t testing.TB, w, h int, contacts ...xmppclient.Contact) (*Model, *fakeBackend, *fakeSession) {
	t.Helper()
	s := newFakeSession("alice@example.org")
	s.contacts = contacts
	s.profiles["alice@example.org"] = profile.Profile{JID: "alice@example.org", Nickname: "Alice", Status: "writing code"}
	b := &fakeBackend{accounts: []Account{{JID: "alice@example.org", HasSecret: true}}, stored: true, password: "pw", session: s}
	m := newTestModel(t, b, w, h)
	drain(t, m, m.Init())
	press(t, m, "enter")
	if m.screen != screenContacts {
		t.Fatalf("not on the contact list after log in:\n%s", screenText(m))
	}
	return m, b, s
}

// quitMsg is the message tea.Quit makes, to compare with.
func quitMsg() tea.Msg { return tea.Quit() }
