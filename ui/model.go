package ui

import (
	"context"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/parley-im/parley/xmppclient"
)

// screen names a screen of the UI.
type screen int

const (
	screenWelcome screen = iota
	screenRegister
	screenRegisterDone
	screenLogin
	screenContacts
	screenProfile
	screenEdit
	screenChat
)

// notice is the one-line message above the status bar.
type notice struct {
	text string
	err  bool
}

// Model is the root Bubble Tea model. It owns the session state shared by
// the screens (roster, profiles, chats, connection state) and routes each
// message to the current screen, overlay or dialog. Use NewModel; Run does.
type Model struct {
	ctx     context.Context
	cancel  context.CancelFunc
	opts    Options
	backend Backend
	keys    KeyMap
	styles  Styles
	isDark  bool
	noColor bool // NO_COLOR set, or a terminal without colour
	colors  colorprofile.Profile
	gfx     graphics // the avatar renderer's setting and the terminal's answer (kitty.go)
	width   int
	height  int
	now     func() time.Time
	pump    *pump

	// The session and what it knows.
	session    Session
	state      *store          // what the session knows; empty before a log in
	asking     map[string]bool // last-seen queries in flight
	avatars    *avatarCache
	storage    string // Backend.StorageNote
	ticking    bool
	inFlightOp string // what the spinner stands for
	// early holds the events that come while a log in is under way:
	// after the session subscribed but before its roster snapshot is
	// applied. startSession replays them on top of the snapshot, so a
	// presence that changed after the snapshot was read is not lost.
	early    []xmppclient.Event
	awaiting bool            // a log in or registration is under way
	started  *startedLogin   // begun by Run before the program (--account)
	trial    trialState      // the demo's trial account (Options.Trial)
	notify   notifier        // whether a new message rings
	stale    map[string]bool // contacts whose presence is not known since the connection was lost (stale.go)

	// Screens: plain structs, one of them current.
	screen   screen
	back     []screen
	welcome  welcomeModel
	register registerModel
	regDone  regDoneModel
	login    loginModel
	contacts contactsModel
	view     profileModel
	edit     editModel
	chat     chatModel

	// Overlays.
	help       bool
	helpScroll int
	helpCmd    string // the command whose usage the help shows; "" for all
	confirm    *confirmModel
	prompt     *promptModel
	cmdline    cmdLine
	notice     notice

	spin     spinner.Model
	busy     int
	spinning bool
}

// NewModel makes the root model for opts. Run calls it; an SSH server
// would make one per session.
func NewModel(ctx context.Context, opts Options) *Model {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancel(ctx)
	m := &Model{
		ctx:     ctx,
		cancel:  cancel,
		opts:    opts,
		backend: opts.Backend,
		keys:    DefaultKeyMap(),
		isDark:  true,
		noColor: noColorEnv(environ(opts.Environ)),
		notify:  newNotifier(environ(opts.Environ)),
		gfx:     newGraphics(opts, environ(opts.Environ)),
		colors:  colorprofile.TrueColor,
		width:   80,
		height:  24,
		now:     time.Now,
		pump:    &pump{},
		asking:  map[string]bool{},
		avatars: newAvatarCache(),
		spin:    spinner.New(spinner.WithSpinner(spinner.MiniDot)),
	}
	m.state = newStore("", "", nil, m.clock)
	if opts.Width > 0 && opts.Height > 0 {
		m.width, m.height = opts.Width, opts.Height
	}
	if m.noColor {
		m.colors = colorprofile.Ascii
	}
	m.styles = NewStyles(m.isDark, m.noColor)
	m.welcome = newWelcome()
	m.login = newLogin("", opts.DefaultServer)
	m.register = newRegister(opts.DefaultServer)
	m.cmdline = newCmdLine()
	m.screen = screenWelcome
	return m
}

// environ is env, or the process's environment when env is nil (as Bubble
// Tea does).
func environ(env []string) []string {
	if env == nil {
		return os.Environ()
	}
	return env
}

// noColorEnv reports whether NO_COLOR is set to something non-empty.
func noColorEnv(env []string) bool {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "NO_COLOR="); ok && v != "" {
			return true
		}
	}
	return false
}

// Init asks for the background colour (and whether the terminal has
// kitty graphics) and either logs straight in (--account) or reads the
// saved accounts.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.graphicsQuery()}
	if m.opts.Account != "" {
		m.login = newLogin(m.opts.Account, "")
		m.screen = screenLogin
		cmds = append(cmds, m.doLogin(LoginRequest{JID: m.opts.Account}))
	} else {
		cmds = append(cmds, m.loadAccounts())
	}
	return tea.Batch(cmds...)
}

// Update routes one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	return m, cmd
}

// update routes msg, then lays the screen out for what changed and
// sends the terminal the images the layout drew for the first time.
func (m *Model) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	if !m.graphicsReply(msg) { // the start-up query's answer (kitty.go)
		cmd = m.route(msg)
	}
	m.layout()
	if g := m.flushGraphics(); g != nil {
		return tea.Batch(cmd, g)
	}
	return cmd
}

func (m *Model) route(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(1, msg.Width), max(1, msg.Height)
		return nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.styles = NewStyles(m.isDark, m.plain())
		return nil
	case tea.ColorProfileMsg:
		m.colors = msg.Profile
		m.styles = NewStyles(m.isDark, m.plain())
		return nil
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.PasteMsg:
		return m.routeInput(msg)
	case spinner.TickMsg:
		if m.busy <= 0 {
			m.spinning = false
			return nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case tickMsg:
		m.ticking = false
		return m.tick()
	case tea.FocusMsg:
		m.notify.blurred = false
		return nil
	case tea.BlurMsg:
		m.notify.blurred = true
		return nil
	case xmppclient.Event:
		return tea.Batch(m.handleEvent(msg), m.notifyFor([]xmppclient.Event{msg}))
	case eventsMsg:
		return tea.Batch(m.handleEvents(msg), m.notifyFor(msg))
	case sessionClosedMsg:
		return nil
	}
	if cmd, ok := m.handleResult(msg); ok {
		return cmd
	}
	return m.routeInput(msg)
}

// plain reports whether to draw without colour.
func (m *Model) plain() bool {
	return m.noColor || m.colors == colorprofile.Ascii || m.colors == colorprofile.NoTTY
}

// tick keeps the per-second tick alive while something on screen counts.
func (m *Model) tick() tea.Cmd {
	if m.ticking || !m.state.conn.ticking(m.now()) {
		return nil
	}
	m.ticking = true
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// startBusy starts the spinner for an operation.
func (m *Model) startBusy(what string) tea.Cmd {
	m.busy++
	m.inFlightOp = what
	if m.spinning {
		return nil
	}
	m.spinning = true
	return m.spin.Tick
}

// endBusy stops counting an operation.
func (m *Model) endBusy() {
	if m.busy > 0 {
		m.busy--
	}
	if m.busy == 0 {
		m.inFlightOp = ""
	}
}

// info and fail set the notice line.
func (m *Model) info(s string) { m.notice = notice{text: s} }
func (m *Model) fail(err error) {
	m.notice = notice{text: errText(err), err: true}
}

// loggedIn reports whether there is a session.
func (m *Model) loggedIn() bool { return m.session != nil }

// unsaved reports whether quitting now would lose typed work.
func (m *Model) unsaved() bool {
	switch {
	case m.edit.active && m.edit.dirty():
		return true
	case m.screen == screenRegister && m.register.dirty():
		return true
	case m.chat.draft() != "":
		return true
	}
	return false
}

// requestQuit quits, or asks first when an edit would be lost.
func (m *Model) requestQuit() tea.Cmd {
	if m.unsaved() {
		m.confirm = &confirmModel{
			question: "Quit and lose your unsaved changes?",
			yes:      func(m *Model) tea.Cmd { return m.quit() },
			quit:     true,
		}
		return nil
	}
	return m.quit()
}

// quit ends the program; Run logs out afterwards.
func (m *Model) quit() tea.Cmd {
	m.pump.detach()
	if free := m.freeGraphics(); free != nil {
		return tea.Sequence(free, tea.Quit)
	}
	return tea.Quit
}

// View draws the whole screen: the current screen (or an overlay), the
// notice or command line, and the status bar.
func (m *Model) View() tea.View {
	w := m.width
	bodyH := m.bodyHeight()
	var extra string
	switch {
	case m.cmdline.active:
		extra = strings.Join(m.cmdline.lines(m, w), "\n")
	default:
		extra = strings.Join(m.noticeLines(), "\n")
	}
	body := frame(m.current().view(m.commonFor(bodyH), w, bodyH), w, max(0, bodyH))
	switch {
	case m.help:
		body = overlay(body, m.helpView(w, bodyH), w, bodyH)
	case m.confirm != nil:
		body = overlay(body, m.confirm.view(m.styles, m.keys, w), w, bodyH)
	case m.prompt != nil:
		body = overlay(body, m.prompt.view(m.styles, m.keys, w), w, bodyH)
	}
	parts := make([]string, 0, 3)
	if bodyH > 0 {
		parts = append(parts, body)
	}
	if extra != "" {
		parts = append(parts, frame(extra, w, strings.Count(extra, "\n")+1))
	}
	parts = append(parts, statusBar(m.styles, m.state.conn, m.state.account, m.hints(), m.now(), w))
	v := tea.NewView(strings.Join(parts, "\n"))
	v.AltScreen = true
	v.ReportFocus = !m.notify.off // notifications wait for a blur
	return v
}

// hints are the key hints of the status bar, most important first; the
// bar shows as many as fit. An overlay's hints win over the screen's.
func (m *Model) hints() []string {
	if m.busy > 0 {
		return []string{m.spin.View() + " " + m.inFlightOp}
	}
	k := m.keys
	switch {
	case m.help:
		return []string{hint(k.Back, "close"), hintPair(k.Up, k.Down, "scroll")}
	case m.confirm != nil:
		return []string{hint(k.Yes, ""), hint(k.No, "")}
	case m.prompt != nil:
		return []string{hint(k.Submit, "ok"), hint(k.Back, "cancel")}
	case m.cmdline.active:
		return []string{hint(k.Run, "run"), hint(k.Complete, ""), hint(k.Back, "cancel")}
	}
	return m.current().hints(m.common())
}

// clock is the model's time, read through m.now so a test can set it.
func (m *Model) clock() time.Time { return m.now() }
