package ui

import (
	"image"
	"strings"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// A server's CAPTCHA (XEP-0158) on the registration form: its image drawn
// with the avatar renderer right above the answer field, the page that
// shows it below the image (the only way for a challenge that is not an
// image, or on a terminal without colours). Each attempt is a new stream
// with a new challenge: the one shown is the one answered (its id goes
// with the answer), and a refusal brings the next.

// Bounds of the drawn challenge, in cells.
const (
	captchaMaxCols = 72
	captchaMaxRows = 12
)

// captchaState is the challenge the form shows.
type captchaState struct {
	c   *xmppclient.Captcha
	img image.Image // nil: not an image, or it did not decode
	id  string      // the image's SHA-1, to cache its drawing by
	// spent: an attempt that answered it failed for another reason (a
	// taken user name), and the server forgets a challenge once checked.
	spent bool
}

// takeCaptcha shows the challenge c (decoded here, in Update, so that View
// only draws it).
func (r *registerModel) takeCaptcha(c *xmppclient.Captcha) {
	r.asked.captcha = &captchaState{c: c}
	if !c.IsImage() {
		return
	}
	if img, err := profile.DecodeImage(c.Image); err == nil {
		r.asked.captcha.img, r.asked.captcha.id = img, profile.AvatarID(c.Image)
	}
}

// captchaField is the key of the answer field, or "".
func (r *registerModel) captchaField() string {
	if r.asked.captcha == nil {
		return ""
	}
	return serverFieldPrefix + r.asked.captcha.c.Var
}

// markCaptcha explains the answer field: how to answer the challenge, and
// why the last answer was refused when fe says it was (spent: because an
// earlier attempt used that challenge up).
func (r *registerModel) markCaptcha(m *Common, fe *xmppclient.RegisterFieldError, spent bool) {
	f := r.form.get(r.captchaField())
	if f == nil {
		return
	}
	cs := r.asked.captcha
	f.label = "CAPTCHA *"
	f.placeholder, f.input.Placeholder = "your answer", "your answer"
	switch {
	case cs.img == nil || m.avatarMode() < avatarANSI256:
		f.hint = "Open the page above to see the challenge, and type the answer here."
	case cs.c.Label != "":
		f.hint = strings.TrimSuffix(cs.c.Label, ".") + " in the image above."
	default:
		f.hint = "Type the text you see in the image above."
	}
	switch {
	case fe.Problem == xmppclient.RegisterCaptchaWrong && spent:
		f.err = "The last try used that challenge up; this is a new one: answer it."
	case fe.Problem == xmppclient.RegisterCaptchaWrong:
		f.err = "The server refused that answer"
		if fe.Detail != "" {
			f.err += " (" + strings.TrimSuffix(fe.Detail, ".") + ")"
		}
		f.err += "; this is a new challenge: answer it."
	}
}

// captchaAbove is what is drawn above the answer field, by its key.
func (r *registerModel) captchaAbove(m *Common, w int) map[string]string {
	cs := r.asked.captcha
	if cs == nil {
		return nil
	}
	pad := strings.Repeat(" ", labelCol+3)
	var b strings.Builder
	if img := captchaImage(m, cs.img, cs.id, min(captchaMaxCols, inputWidth(w)-1)); img != "" {
		for _, line := range strings.Split(img, "\n") {
			b.WriteString(pad + line + "\n")
		}
	}
	if u := cs.c.URL; u != "" {
		lead := "Cannot read it? Open "
		switch {
		case cs.img == nil:
			lead = "Open the challenge: "
		case m.avatarMode() < avatarANSI256:
			lead = "The image needs a colour terminal: open "
		}
		b.WriteString(wrapBlock(m.styles.Subtle, pad, lead+u, labelCol+3+inputWidth(w)) + "\n")
	}
	return map[string]string{r.captchaField(): strings.TrimSuffix(b.String(), "\n")}
}

// captchaImage draws img at most cols cells wide, keeping its aspect (a
// cell is two pixels high), never larger than the image itself; "" when
// there is no image or the terminal cannot draw one.
func captchaImage(m *Common, img image.Image, id string, cols int) string {
	if img == nil || m.avatarMode() < avatarANSI256 || cols < 4 {
		return ""
	}
	cols, rows := captchaSize(img, cols)
	return m.imageBlock(img, id, "", "", cols, rows)
}

// captchaSize is the cells img takes at most cols wide.
func captchaSize(img image.Image, cols int) (int, int) {
	b := img.Bounds()
	cols = min(cols, b.Dx())
	rows := min(captchaMaxRows, max(1, (cols*b.Dy()+b.Dx())/(2*b.Dx())))
	if rows == captchaMaxRows {
		cols = min(cols, max(4, 2*rows*b.Dx()/b.Dy()))
	}
	return cols, rows
}

// avatars: the challenge image, prepared by layout like an avatar (so a
// kitty terminal gets it once, in pixels).
func (r *registerModel) avatars(m *Common, w, _ int) []avatarNeed {
	cs := r.asked.captcha
	if cs == nil || cs.img == nil || m.avatarMode() < avatarANSI256 {
		return nil
	}
	cols := min(captchaMaxCols, inputWidth(w)-1)
	if cols < 4 {
		return nil
	}
	cols, rows := captchaSize(cs.img, cols)
	return []avatarNeed{{img: cs.img, id: cs.id, cols: cols, rows: rows}}
}
