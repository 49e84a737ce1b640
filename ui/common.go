package ui

import (
	"image"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// Common is what the root shares with the screens (soft-serve's
// common.Common): the terminal's size, the styles and key map, the
// store, and the root's state that screens draw (the operation in flight,
// the storage note). The root builds it afresh for every call into a
// screen (Model.common), so a screen never holds a stale one; it is read
// only: a screen changes the root by returning a request message (nav.go)
// as a tea.Cmd, never through Common. The store pointer is for reading.
//
// The fields are named as the root's own, so that a screen's code reads
// the same whether it draws from the root or from Common.
type Common struct {
	width, height int // the terminal
	body          int // the body's height (bodyHeight)
	styles        Styles
	keys          KeyMap
	isDark        bool
	now           func() time.Time
	state         *store          // read only
	stale         map[string]bool // read only
	session       bool            // logged in
	trialOpen     bool            // throwaway: the trial account on show, not kept
	storage       string
	busy          int
	inFlightOp    string
	spin          spinner.Model

	// drawer draws what several screens share (avatars, presence,
	// names, rows) from the root's caches, without changing them except
	// where its doc says that layout fills them.
	drawer
}

// drawer is the root's shared drawing, as the screens may use it; *Model
// implements it. Views only read; prepareAvatar and storeImage fill the
// avatar cache and are called from setSize, never from a view.
type drawer interface {
	avatarBlock(p profile.Profile, name string, cols, rows int) string
	imageBlock(img image.Image, id, jid, name string, cols, rows int) string
	initialsBlock(jid, name string, cols, rows int) string
	presenceOf(e *rosterEntry) (show xmppclient.Show, glyph, label string, known bool)
	staleAvailable() int
	nameStyle(jid string) lipgloss.Style
	styledLines(body string) []string
	contactRow(e *rosterEntry, sel bool, w, nameW int) string
	ownCard(w int) string
	trialLines(w int) []string
	requestLine(w int) string
	unreadTotal() int
	prepareAvatar(p profile.Profile, cols, rows int)
	storeImage(img image.Image, id string, cols, rows int)
}

// common is the root's Common for a call into a screen now.
func (m *Model) common() *Common {
	return &Common{
		width: m.width, height: m.height, body: m.bodyHeight(),
		styles: m.styles, keys: m.keys, isDark: m.isDark, now: m.now,
		state: m.state, stale: m.stale,
		session: m.loggedIn(), trialOpen: m.throwaway(),
		storage: m.storage, busy: m.busy, inFlightOp: m.inFlightOp, spin: m.spin,
		drawer: m,
	}
}

// loggedIn reports whether there is a session.
func (m *Common) loggedIn() bool { return m.session }

// throwaway reports whether the account on show is the trial account, not
// kept yet.
func (m *Common) throwaway() bool { return m.trialOpen }

// bodyHeight is the height left for the screen (Model.bodyHeight).
func (m *Common) bodyHeight() int { return m.body }

// storeImage keeps img drawn for cols×rows under id, for a view to find.
func (m *Model) storeImage(img image.Image, id string, cols, rows int) {
	m.avatars.store(m.avatarMode(), img, id, cols, rows)
}

// ask is a Cmd that hands msg, a request, to the root.
func ask(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
