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
// only: a screen changes the root by asking with a request message
// (nav.go, ask), never through Common. The store pointer is for reading.
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

	asked []result // the requests of this call (ask)

	// drawer draws what several screens share (avatars, presence,
	// names, rows) from the root's state and caches.
	drawer
}

// drawer is the root's shared drawing, as the screens may use it; *Model
// implements it, reading only (the avatars are drawn into its cache by
// layout beforehand: drawsAvatars in layout.go).
type drawer interface {
	avatarMode() avatarMode
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
}

// common is the root's Common for a call into a screen now.
func (m *Model) common() *Common { return m.commonFor(m.bodyHeight()) }

// commonFor is common with the body's height known already.
func (m *Model) commonFor(body int) *Common {
	return &Common{
		width: m.width, height: m.height, body: body,
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

// ask hands the root a request (nav.go): the root applies the requests
// of a call, in the order asked, as soon as the screen's update returns,
// within the same Update. It returns nil, so that a screen can end with
// `return m.ask(…)`. (Requests are not sent back as messages of their own:
// Bubble Tea runs each tea.Cmd in a goroutine, so two asked by two quick
// key presses, two chat messages sent in a burst, could arrive swapped.)
// Only update may ask; what setSize, view and hints ask is dropped.
func (m *Common) ask(r result) tea.Cmd {
	m.asked = append(m.asked, r)
	return nil
}
