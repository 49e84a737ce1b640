package ui

import (
	"crypto/sha1"
	"encoding/hex"
	"hash/fnv"
	"image"
	"image/color"
	"strings"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/image/draw"

	"github.com/parley-im/parley/profile"
)

// avatarMode is how an avatar can be drawn on this terminal.
type avatarMode int

const (
	avatarPlain     avatarMode = iota // no colour: a box with initials
	avatarInitials                    // 16 colours: initials on a colour
	avatarANSI256                     // half-blocks in the 256-colour palette
	avatarTrueColor                   // half-blocks in 24-bit colour
	avatarKitty                       // pixels by the kitty graphics protocol (kitty.go)
)

// avatarMode is the renderer for this terminal: NO_COLOR first, then the
// setting (--avatars), then what the terminal can do. Kitty graphics
// need at least 256 colours, as the image's number is the colour.
func (m *Model) avatarMode() avatarMode {
	switch {
	case m.plain():
		return avatarPlain
	case m.colors == colorprofile.ANSI || m.gfx.setting == AvatarsInitials:
		return avatarInitials
	case m.gfx.setting == AvatarsKitty || (m.gfx.setting == AvatarsAuto && m.gfx.kitty && m.gfx.placeholders()):
		return avatarKitty
	case m.colors == colorprofile.ANSI256:
		return avatarANSI256
	}
	return avatarTrueColor
}

// avatarID is the avatar's id, or its SHA-1 when it has none.
func avatarID(av profile.Avatar) string {
	if av.ID != "" {
		return av.ID
	}
	sum := sha1.Sum(av.Data)
	return hex.EncodeToString(sum[:])
}

// avatarBlock draws a profile's avatar in cols×rows cells: pixels or
// half-blocks when the terminal has the colours, otherwise a box with
// initials.
func (m *Model) avatarBlock(p profile.Profile, name string, cols, rows int) string {
	img, id := m.avatars.lookup(p.Avatar)
	if img == nil {
		return m.initialsBlock(p.JID, name, cols, rows)
	}
	return m.imageBlock(img, id, p.JID, name, cols, rows)
}

// imageBlock draws a decoded image (cached under id) in cols×rows cells:
// what layout prepared for it (avatarCache.store), any image.Image.
func (m *Model) imageBlock(img image.Image, id, jid, name string, cols, rows int) string {
	mode := m.avatarMode()
	if mode < avatarANSI256 {
		return m.initialsBlock(jid, name, cols, rows)
	}
	if s, ok := m.avatars.rendered[avatarKey{id: id, cols: cols, rows: rows, mode: mode}]; ok && id != "" {
		return s
	}
	// Not prepared: drawn, not kept; half-blocks stand in for an image
	// the terminal has not been sent.
	return halfBlocks(img, cols, rows, m.colors == colorprofile.ANSI256)
}

// halfBlocks scales img to fit cols × 2·rows pixels (keeping its aspect,
// centred) and prints each pair of pixels as "▀" with the upper pixel as
// foreground and the lower as background. Transparent pixels show the
// terminal's own background.
func halfBlocks(img image.Image, cols, rows int, palette256 bool) string {
	pw, ph := cols, rows*2
	b := img.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 || pw <= 0 || ph <= 0 {
		return ""
	}
	// Fit inside pw×ph, keeping the aspect ratio.
	w, h := pw, b.Dy()*pw/b.Dx()
	if h > ph {
		w, h = b.Dx()*ph/b.Dy(), ph
	}
	w, h = max(1, w), max(1, h)
	dst := image.NewNRGBA(image.Rect(0, 0, pw, ph))
	x0, y0 := (pw-w)/2, (ph-h)/2
	draw.CatmullRom.Scale(dst, image.Rect(x0, y0, x0+w, y0+h), img, b, draw.Src, nil)

	conv := func(c color.Color) ansi.Color {
		if palette256 {
			return colorprofile.ANSI256.Convert(c)
		}
		return c
	}
	var out strings.Builder
	for y := 0; y < ph; y += 2 {
		if y > 0 {
			out.WriteByte('\n')
		}
		for x := 0; x < pw; x++ {
			up, lo := dst.NRGBAAt(x, y), dst.NRGBAAt(x, y+1)
			upOK, loOK := up.A >= 128, lo.A >= 128
			up.A, lo.A = 255, 255
			switch {
			case upOK && loOK:
				out.WriteString(ansi.Style{}.ForegroundColor(conv(up)).BackgroundColor(conv(lo)).Styled("▀"))
			case upOK:
				out.WriteString(ansi.Style{}.ForegroundColor(conv(up)).Styled("▀"))
			case loOK:
				out.WriteString(ansi.Style{}.ForegroundColor(conv(lo)).Styled("▄"))
			default:
				out.WriteByte(' ')
			}
		}
	}
	return out.String()
}

// initialsBlock is the fallback avatar: the initials of the name in a box
// (no colour) or on a colour picked from the JID.
func (m *Model) initialsBlock(jid, name string, cols, rows int) string {
	ini := initials(name)
	if width(ini) > cols-2 {
		ini = trunc(ini, max(1, cols-2))
	}
	if m.avatarMode() == avatarPlain || rows < 3 {
		if rows < 3 || cols < 4 {
			return frame(ini, cols, rows)
		}
		inner := cols - 2
		lines := []string{"╭" + strings.Repeat("─", inner) + "╮"}
		for i := 1; i < rows-1; i++ {
			text := ""
			if i == rows/2 {
				text = ini
			}
			pad := inner - width(text)
			lines = append(lines, "│"+strings.Repeat(" ", pad/2)+text+strings.Repeat(" ", pad-pad/2)+"│")
		}
		lines = append(lines, "╰"+strings.Repeat("─", inner)+"╯")
		return strings.Join(lines, "\n")
	}
	bg := jidColor(jid)
	st := ansi.Style{}.BackgroundColor(bg).ForegroundColor(color.RGBA{255, 255, 255, 255}).Bold()
	lines := make([]string, rows)
	for i := range lines {
		text := ""
		if i == rows/2 {
			text = ini
		}
		pad := cols - width(text)
		lines[i] = st.Styled(strings.Repeat(" ", pad/2) + text + strings.Repeat(" ", pad-pad/2))
	}
	return strings.Join(lines, "\n")
}

// jidColor is a stable, readable colour for a JID.
func jidColor(jid string) color.Color {
	palette := []color.RGBA{
		{0x5B, 0x3F, 0xD0, 255}, {0x1E, 0x8E, 0x3E, 255}, {0xC4, 0x30, 0x2B, 255},
		{0x0B, 0x6E, 0xB5, 255}, {0xB5, 0x56, 0x0B, 255}, {0x8E, 0x24, 0xAA, 255},
		{0x00, 0x79, 0x6B, 255}, {0x6D, 0x4C, 0x41, 255},
	}
	h := fnv.New32a()
	h.Write([]byte(jid))
	return palette[h.Sum32()%uint32(len(palette))]
}
