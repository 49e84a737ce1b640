package ui

import (
	"fmt"
	"image"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/parley-im/parley/profile"
)

// Layout is worked out in Update, never in View: after every message the
// root calls layout, which fits the inputs to the width, keeps the contact
// list's cursor and window in range, clamps the scroll positions and
// decodes and scales the avatars the screen is about to draw. View then
// only reads.

// bodyHeight is the height left for the screen: the status bar takes the
// last line, and the notice or command line the one above it. View and
// layout both use it, so the contact list's height is worked out one way.
func (m *Model) bodyHeight() int {
	h := m.height - 1
	switch {
	case m.cmdline.active:
		h -= len(m.cmdline.lines(m, m.width))
	default:
		h -= len(m.noticeLines())
	}
	return max(0, h)
}

// noticeLines is the notice wrapped to the width, as many lines as it
// needs up to half the screen (so a hostile server's reason cannot push
// the screen away); only a notice longer than that is cut.
// With no notice, a connection failure whose reason the status bar cuts
// is said whole there.
func (m *Model) noticeLines() []string {
	st, lead, text := m.styles.Accent, "", m.notice.text
	if m.notice.err {
		st = m.styles.Error
	}
	if text == "" {
		if !m.state.conn.reasonCut(m.now(), m.width) {
			return nil
		}
		st, lead, text = m.styles.Error, "✕ ", clean(m.state.conn.reason)
	}
	lines := strings.Split(wrapBlock(st, lead, text, m.width), "\n")
	if most := max(1, m.height/2); len(lines) > most {
		lines = lines[:most]
		lines[most-1] = st.Render(trunc(ansi.Strip(lines[most-1])+" "+ellipsis, m.width))
	}
	return lines
}

func (m *Model) layout() {
	w, h := m.width, m.bodyHeight()
	m.cmdline.input.SetWidth(max(5, w-3))
	if m.prompt != nil {
		m.prompt.input.SetWidth(promptInner(w) - 2)
	}
	if m.help {
		lines := len(m.helpLines(helpInner(w)))
		m.helpScroll = max(0, min(m.helpScroll, lines-helpRows(h)))
	}
	cur, c := m.current(), m.commonFor(h)
	cur.setSize(c, w, h)
	if d, ok := cur.(drawsAvatars); ok {
		for _, a := range d.avatars(c, w, h) {
			m.prepareAvatar(a)
		}
	}
}

// drawsAvatars is a screen that draws avatars: after its setSize, layout
// decodes and scales the ones it names into the root's avatar cache, so
// that the screen's view finds them drawn (the screen never changes the
// cache itself).
type drawsAvatars interface {
	avatars(m *Common, w, h int) []avatarNeed
}

// avatarNeed is an avatar a screen is about to draw cols×rows: p's, or
// img (a preview the screen holds) under id.
type avatarNeed struct {
	p          profile.Profile
	img        image.Image
	id         string
	cols, rows int
}

// setSize lays each screen out for a w×h body.

func (c *contactsModel) setSize(m *Common, w, h int) {
	list := c.sync(m, c.listRows(m, h))
	if c.filtering {
		c.filter.SetWidth(max(5, w-width(c.headerLeft(m, len(list)))-12))
	}
}

// avatars: the own card's, when it is drawn.
func (c *contactsModel) avatars(m *Common, _, h int) []avatarNeed {
	if h < 14 {
		return nil
	}
	return []avatarNeed{{p: m.ownProfile(), cols: ownAvatarCols, rows: ownAvatarRows}}
}

// The profile view's size is its avatar's.
func (v *profileModel) setSize(*Common, int, int) {}

func (v *profileModel) avatars(m *Common, w, h int) []avatarNeed {
	cols, rows, _ := profileAvatarSize(w, h)
	p, _ := m.state.profile(v.jid)
	return []avatarNeed{{p: p, cols: cols, rows: rows}}
}

func (e *editModel) setSize(m *Common, w, _ int) {
	e.form.setSize(editFormWidth(w))
}

// editFormWidth is the editor's form width: what the preview leaves.
func editFormWidth(w int) int {
	if cols, _, side := editPreviewSize(w); side {
		return w - 2 - cols - 4
	}
	return w - 2
}

func (c *chatModel) setSize(m *Common, w, h int) {
	c.input.SetWidth(max(5, w-3))
	c.input.Placeholder = c.placeholder
	if width(c.placeholder) >= c.input.Width() {
		c.input.Placeholder = ""
		if short := "type a message"; width(short) < c.input.Width() {
			c.input.Placeholder = short
		}
	}
	c.clampScroll(m, w, h)
}

// The "registered" screen draws at any size as it is.
func (r *registerModel) setSize(_ *Common, w, _ int) { r.form.setSize(w - 2) }
func (l *loginModel) setSize(_ *Common, w, _ int)    { l.form.setSize(w - 2) }
func (r *regDoneModel) setSize(*Common, int, int)    {}

// ownProfile is the logged-in account's profile as known.
func (m *Common) ownProfile() profile.Profile {
	p, _ := m.state.profile(m.state.account)
	return p
}

// prepareAvatar decodes and scales an avatar for its size, so that View
// finds it drawn.
func (m *Model) prepareAvatar(a avatarNeed) {
	if a.img != nil {
		m.prepareImage(a.img, a.id, a.cols, a.rows)
		return
	}
	img, id := m.avatars.load(a.p.Avatar)
	if img == nil {
		return
	}
	if m.avatarMode() == avatarKitty {
		av := a.p.Avatar // the terminal gets more pixels than are kept
		m.avatars.storeKitty(m.gfx, m.kittyTrueColor(), func() (image.Image, error) {
			data, err := av.Bytes()
			if err != nil {
				return nil, err
			}
			return profile.DecodeImage(data)
		}, id, a.cols, a.rows)
		return
	}
	m.avatars.store(m.avatarMode(), img, id, a.cols, a.rows)
}

// prepareImage is prepareAvatar for any image (a preview, a captcha),
// known as id.
func (m *Model) prepareImage(img image.Image, id string, cols, rows int) {
	if m.avatarMode() == avatarKitty {
		m.avatars.storeKitty(m.gfx, m.kittyTrueColor(), func() (image.Image, error) { return img, nil }, id, cols, rows)
		return
	}
	m.avatars.store(m.avatarMode(), img, id, cols, rows)
}

// avatars: the editor's current avatar and its preview, at the size they
// take at width w.
func (e *editModel) avatars(m *Common, w, _ int) []avatarNeed {
	cols, rows, side := editPreviewSize(w)
	var out []avatarNeed
	if side || e.preview != nil {
		out = append(out, avatarNeed{p: m.ownProfile(), cols: cols, rows: rows})
	}
	if e.preview != nil {
		out = append(out, avatarNeed{img: e.preview, id: fmt.Sprintf("preview-%d", e.previewSeq), cols: cols, rows: rows})
	}
	return out
}

// ownAvatarCols and ownAvatarRows are the own card's avatar size.
const ownAvatarCols, ownAvatarRows = 6, 3

// profileAvatarSize is the profile view's avatar in a w×h body: twice as
// many columns as rows (cells are tall), beside the fields when there is
// room, else small above them.
func profileAvatarSize(w, h int) (cols, rows int, side bool) {
	if w < 50 {
		return 6, 3, false
	}
	rows = max(3, min(8, h-6))
	return rows * 2, rows, true
}

// editPreviewSize is the editor's avatar preview: a column beside the form
// when there is room, else a smaller block under it.
func editPreviewSize(w int) (cols, rows int, side bool) {
	if w >= 78 {
		return 12, 6, true
	}
	return 8, 4, false
}

// helpInner, helpRows and promptInner size the overlays.
func helpInner(w int) int   { return min(64, max(20, w-6)) }
func helpRows(h int) int    { return max(1, h-4) }
func promptInner(w int) int { return min(60, max(24, w-8)) }
