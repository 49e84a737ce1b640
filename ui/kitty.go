package ui

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/kitty"

	"github.com/parley-im/parley/profile"
)

// Pixel avatars by the kitty graphics protocol with Unicode placeholders
// (kitty 0.28 and later, Ghostty). An image is transmitted once, with a virtual placement
// (U=1) of cols×rows cells; the screen then draws it as ordinary text:
// each cell is the placeholder character U+10EEEE, its row and column
// given by two combining diacritics and the image's number by the
// foreground colour. So the avatar is part of the frame Bubble Tea
// draws and moves, scrolls and disappears with it; no cursor positioning
// and no clearing are needed.
//
// Whether the terminal speaks the protocol is asked at start-up: a
// graphics query (a=q, which stores nothing), its name and version
// (XTVERSION), and a primary device attributes request (DA1), which every
// terminal answers. A terminal with graphics answers the query first; one
// without ignores it, so the DA1 answer arriving alone means no. The
// query does not tell whether the terminal draws placeholders: kitty
// before 0.28 answers it and then shows U+10EEEE as a box (tried: 0.26.5),
// and WezTerm and Konsole are not known to draw them either, so the name
// must also be one known to. Inside tmux the query goes
// through tmux's passthrough, which only reaches the terminal (and so
// only gets an answer) when allow-passthrough is on; the DA1 request is
// answered by tmux itself, before the terminal's answer, so there it
// closes nothing. The same passthrough carries the images.

// AvatarRenderer is how avatars are drawn: --avatars or PARLEY_AVATARS.
type AvatarRenderer string

// The renderers. Auto asks the terminal and uses kitty graphics where it
// answers, half-blocks elsewhere; NO_COLOR always draws initials.
const (
	AvatarsAuto     AvatarRenderer = "auto"
	AvatarsKitty    AvatarRenderer = "kitty"
	AvatarsBlocks   AvatarRenderer = "blocks"
	AvatarsInitials AvatarRenderer = "initials"
)

// ErrAvatarRenderer is returned by ParseAvatarRenderer for a name it
// does not know.
var ErrAvatarRenderer = errors.New("ui: unknown avatar renderer")

// ParseAvatarRenderer reads a renderer's name; "" is auto.
func ParseAvatarRenderer(s string) (AvatarRenderer, error) {
	switch r := AvatarRenderer(strings.ToLower(strings.TrimSpace(s))); r {
	case "":
		return AvatarsAuto, nil
	case AvatarsAuto, AvatarsKitty, AvatarsBlocks, AvatarsInitials:
		return r, nil
	}
	return AvatarsAuto, ErrAvatarRenderer
}

// graphicsQueryID is the image number of the start-up query; the answer
// carries it back.
const graphicsQueryID = 31

// graphics is what the UI knows about the terminal's graphics.
type graphics struct {
	setting  AvatarRenderer
	tmux     bool   // inside tmux: graphics go through its passthrough
	console  bool   // the Linux console (or a dumb terminal): prints what it does not know, so is not asked
	querying bool   // the start-up query is not answered yet
	kitty    bool   // the terminal answered the query
	name     string // its XTVERSION answer ("kitty(0.35.2)")
}

// placeholders reports whether the terminal is one known to draw the
// protocol's Unicode placeholders (virtual placements): kitty since 0.28
// (which added them), Ghostty.
func (g graphics) placeholders() bool {
	if strings.HasPrefix(strings.ToLower(g.name), "ghostty") {
		return true
	}
	v, ok := strings.CutPrefix(g.name, "kitty(")
	if !ok {
		return false
	}
	var major, minor int
	if _, err := fmt.Sscanf(strings.TrimSuffix(v, ")"), "%d.%d", &major, &minor); err != nil {
		return false
	}
	return major > 0 || minor >= 28
}

// newGraphics reads the setting (opts, else PARLEY_AVATARS) and whether
// this is tmux from env. A bad PARLEY_AVATARS counts as auto: the
// command line checks --avatars, the environment is not worth refusing
// to start for.
func newGraphics(opts Options, env []string) graphics {
	g := graphics{setting: opts.Avatars}
	if g.setting == "" {
		g.setting, _ = ParseAvatarRenderer(getenv(env, "PARLEY_AVATARS"))
	}
	g.tmux = getenv(env, "TMUX") != ""
	term := getenv(env, "TERM")
	g.console = term == "linux" || term == "dumb"
	return g
}

// getenv is the value of name in env.
func getenv(env []string, name string) string {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return v
		}
	}
	return ""
}

// wrap is seq as it must be written to reach the terminal.
func (g graphics) wrap(seq string) string {
	if g.tmux {
		return ansi.TmuxPassthrough(seq)
	}
	return seq
}

// graphicsQuery is the start-up question, or nil when nothing depends on the
// answer (another renderer forced, or no colour to draw with).
func (m *Model) graphicsQuery() tea.Cmd {
	if m.gfx.setting != AvatarsAuto || m.plain() || m.gfx.console {
		return nil
	}
	m.gfx.querying = true
	// A 1×1 RGB pixel sent directly: a=q checks it and stores nothing.
	q := ansi.KittyGraphics([]byte("AAAA"), "i="+strconv.Itoa(graphicsQueryID), "s=1", "v=1", "a=q", "t=d", "f=24")
	return tea.Raw(m.gfx.wrap(q) + m.gfx.wrap(ansi.RequestNameVersion) + ansi.RequestPrimaryDeviceAttributes)
}

// graphicsReply takes an answer to the start-up query: a graphics answer
// for the query's number, the terminal's name and version, or the DA1
// answer that closes the question. Bubble Tea passes the first and the
// last on as ultraviolet's events, the version as its own message.
// handled is false for any other message.
func (m *Model) graphicsReply(msg tea.Msg) (handled bool) {
	switch msg := msg.(type) {
	case uv.KittyGraphicsEvent:
		if m.gfx.querying && msg.Options.ID == graphicsQueryID {
			m.gfx.kitty = string(msg.Payload) == "OK"
		}
		return true
	case tea.TerminalVersionMsg:
		if m.gfx.querying {
			m.gfx.name = msg.Name
		}
		return true
	case uv.PrimaryDeviceAttributesEvent:
		// tmux answers DA1 itself, at once, before the terminal's answer
		// to the query comes back through it: there the question stays
		// open (a terminal that does not answer simply never does).
		if !m.gfx.tmux {
			m.gfx.querying = false
		}
		return true
	}
	return false
}

// kittyNumbers hands out image numbers: from a random start, so that two
// runs (or another program) in the same terminal are unlikely to reuse
// one. Numbers fit in 24 bits, the foreground colour's three bytes; a
// 256-colour terminal gets 1–255, the palette index.
type kittyNumbers struct {
	next uint32
}

func (n *kittyNumbers) take(trueColor bool) uint32 {
	if n.next == 0 {
		n.next = 1 + rand.Uint32N(1<<24-2)
	}
	n.next = n.next%(1<<24-1) + 1
	if !trueColor {
		return 1 + n.next%255
	}
	return n.next
}

// kittyPixels bounds the side of an image sent to the terminal: enough
// for the largest avatar at a large font, small enough to send at once.
const kittyPixels = 384

// kittyTransmit is the command that encodes src (scaled down to fit
// kittyPixels) and writes it to the terminal as image num with a virtual
// placement of cols×rows cells. The terminal fits it into those cells,
// keeping its aspect. Encoding runs off the update loop.
func (g graphics) kittyTransmit(num uint32, src func() (image.Image, error), cols, rows int) tea.Cmd {
	return func() tea.Msg {
		img, err := src()
		if err != nil || img == nil {
			return nil
		}
		img = profile.ScaleToFit(img, kittyPixels)
		var b strings.Builder
		err = kitty.EncodeGraphics(&b, img, &kitty.Options{
			Action:           kitty.TransmitAndPut,
			ID:               int(num),
			Format:           kitty.PNG,
			Transmission:     kitty.Direct,
			VirtualPlacement: true,
			Columns:          cols,
			Rows:             rows,
			Quiet:            2, // no answers: they would arrive as input
			Chunk:            true,
			ChunkFormatter:   g.wrap,
		})
		if err != nil {
			return nil
		}
		return tea.RawMsg{Msg: b.String()}
	}
}

// kittyDelete is the command that frees image num in the terminal.
func (g graphics) kittyDelete(num uint32) tea.Cmd {
	return tea.Raw(g.wrap(ansi.KittyGraphics(nil, "a=d", "d=I", "i="+strconv.FormatUint(uint64(num), 10), "q=2")))
}

// placeholders is image num drawn as cols×rows placeholder cells. Every
// cell carries its row and column, so a cell redrawn alone (Bubble Tea
// redraws only what changed) still shows the right part of the image.
func placeholders(num uint32, cols, rows int, trueColor bool) string {
	var fg color.Color = ansi.IndexedColor(uint8(num))
	if trueColor {
		fg = color.RGBA{R: uint8(num >> 16), G: uint8(num >> 8), B: uint8(num), A: 255}
	}
	st := ansi.Style{}.ForegroundColor(fg)
	var out strings.Builder
	for y := range rows {
		if y > 0 {
			out.WriteByte('\n')
		}
		var row strings.Builder
		for x := range cols {
			row.WriteRune(kitty.Placeholder)
			row.WriteRune(kitty.Diacritic(y))
			row.WriteRune(kitty.Diacritic(x))
		}
		out.WriteString(st.Styled(row.String()))
	}
	return out.String()
}

// freeGraphics frees, as the program ends, every image it sent: the
// terminal would otherwise keep them until another program's alternate
// screen. Nil when none was sent.
func (m *Model) freeGraphics() tea.Cmd {
	var cmds []tea.Cmd
	for _, num := range m.avatars.kitty {
		cmds = append(cmds, m.gfx.kittyDelete(num))
	}
	m.avatars.kitty = map[avatarKey]uint32{}
	if len(cmds) == 0 {
		return nil
	}
	return tea.Batch(cmds...)
}

// kittyTrueColor says whether image numbers go in 24-bit colour: the
// terminal's colours are not cut down to the 256-colour palette.
func (m *Model) kittyTrueColor() bool { return m.colors == colorprofile.TrueColor }

// flushGraphics is what the last update left for the terminal: images to
// transmit and to free.
func (m *Model) flushGraphics() tea.Cmd {
	c := m.avatars
	cmds := c.pending
	for _, num := range c.freed {
		cmds = append(cmds, m.gfx.kittyDelete(num))
	}
	c.pending, c.freed = nil, nil
	if len(cmds) == 0 {
		return nil
	}
	return tea.Batch(cmds...)
}
