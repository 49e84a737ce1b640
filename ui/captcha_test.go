package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"

	"github.com/parley-im/parley/xmppclient"
)

// captchaPNG is a 60×20 image, red on its left half, blue on its right.
func captchaPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 60, 20))
	for y := range 20 {
		for x := range 60 {
			c := color.NRGBA{200, 30, 30, 255}
			if x >= 30 {
				c = color.NRGBA{30, 30, 200, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// captchaForm is ejabberd's refusal of a first attempt: a CAPTCHA form
// whose answer field "ocr" is missing.
func captchaForm(t *testing.T, problem xmppclient.RegisterFieldProblem, challenge string, img []byte) *xmppclient.RegisterFieldError {
	ocr := xmppclient.RegisterField{Var: "ocr", Type: "text-single", Label: "Enter the text you see", Required: true}
	c := &xmppclient.Captcha{Var: "ocr", Label: ocr.Label, ImageType: "image/png", Image: img,
		URL: "http://localhost/captcha/" + challenge + "/image", Challenge: map[string]string{"challenge": challenge}}
	if img == nil {
		c.ImageType = ""
	}
	fe := &xmppclient.RegisterFieldError{Problem: problem, User: "alice", Var: "ocr",
		Form: xmppclient.RegisterForm{Captcha: c, Fields: []xmppclient.RegisterField{
			{Var: "username", Type: "text-single", Required: true},
			{Var: "password", Type: "text-private", Required: true},
			{Var: "captcha-fallback-url", Type: "text-single", Value: []string{c.URL}},
			{Var: "challenge", Type: "hidden", Value: []string{challenge}},
			ocr,
		}}}
	if problem == xmppclient.RegisterFieldMissing {
		fe.Fields = []xmppclient.RegisterField{ocr}
	} else {
		fe.Detail = "The CAPTCHA verification has failed"
	}
	return fe
}

// The challenge is drawn in colour above the answer field, which has the
// focus; the answer goes with the id of the challenge shown; a wrong one
// says so, keeps what was typed and shows the next challenge.
func TestRegisterDrawsTheCaptchaAndFocusesTheAnswer(t *testing.T) {
	b := &fakeBackend{regErr: captchaForm(t, xmppclient.RegisterFieldMissing, "111", captchaPNG(t))}
	m := openRegisterForm(t, b)
	m.update(colorProfileMsg(colorprofile.TrueColor))
	press(t, m, "alice", "ctrl+s")
	if f := m.register.form.focused(); f == nil || f.key != serverFieldPrefix+"ocr" {
		t.Fatalf("focus on %+v, want the answer field", f)
	}
	mustShow(t, m, "CAPTCHA *")
	mustShowWords(t, m, "Enter the text you see in the image above.", "Cannot read it? Open http://localhost/captcha/111/image")
	mustNotShow(t, m, "captcha-fallback-url", "challenge")
	v := m.View().Content
	img, answer := strings.Index(v, "38;2;200;30;30"), strings.Index(v, "CAPTCHA *")
	if img < 0 || !strings.Contains(v, "38;2;30;30;200") || !strings.Contains(v, "▀") || img > answer {
		t.Fatalf("the image is not drawn above the answer:\n%q", v)
	}

	b.regErr = captchaForm(t, xmppclient.RegisterCaptchaWrong, "222", captchaPNG(t))
	press(t, m, "x7kq2p", "ctrl+s")
	if len(b.regs) != 2 || b.regs[1].Fields["ocr"] != "x7kq2p" || b.regs[1].Fields["challenge"] != "111" || b.regs[1].Identifier != "alice" {
		t.Fatalf("the answer went as %+v", b.regs)
	}
	mustShowWords(t, m, "The server refused that answer (The CAPTCHA verification has failed); this is a new challenge", "captcha/222/image")
	if f := m.register.form.focused(); f == nil || f.key != serverFieldPrefix+"ocr" || f.value() != "x7kq2p" || m.register.form.get("identifier").value() != "alice" {
		t.Fatalf("the form after a wrong answer: focus %+v", f)
	}
	b.regErr = nil
	m.register.form.get(serverFieldPrefix + "ocr").input.SetValue("right1")
	press(t, m, "ctrl+s")
	if len(b.regs) != 3 || b.regs[2].Fields["ocr"] != "right1" || b.regs[2].Fields["challenge"] != "222" {
		t.Fatalf("the second answer went as %+v", b.regs[2:])
	}
}

// A challenge that is no image (or a terminal without colours) is a page
// to open.
func TestRegisterCaptchaWithoutAnImageShowsItsPage(t *testing.T) {
	b := &fakeBackend{regErr: captchaForm(t, xmppclient.RegisterFieldMissing, "333", nil)}
	m := openRegisterForm(t, b)
	press(t, m, "alice", "ctrl+s")
	mustShowWords(t, m, "Open the challenge: http://localhost/captcha/333/image", "Open the page above to see the challenge")
	if strings.Contains(m.View().Content, "▀") {
		t.Fatal("drew an image that is not there")
	}
}

// mustShowWords fails unless the screen's words hold every want (lines
// wrapped anywhere).
func mustShowWords(t *testing.T, m *Model, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(words(m), w) {
			t.Fatalf("screen lacks %q:\n%s", w, screenText(m))
		}
	}
}

// A server that registers only on its web page (XEP-0066) says so, with
// the page, and the form stays as typed.
func TestRegisterOutOfBandOnlyShowsThePage(t *testing.T) {
	b := &fakeBackend{regErr: &xmppclient.RegisterError{Problem: xmppclient.RegisterFormRequired, Detail: "https://example.org/register"}}
	m := openRegisterForm(t, b)
	press(t, m, "alice", "ctrl+s")
	mustShowWords(t, m, "The server registers accounts only out of band, not in Parley; register on its web page instead: https://example.org/register")
	if m.register.form.get("identifier").value() != "alice" {
		t.Fatal("the form lost the user name")
	}
}

// A right answer refused for another reason (the user name is taken) used
// the challenge up: the next refusal says so, not that the answer was wrong.
func TestRegisterCaptchaUsedUpByAnotherRefusal(t *testing.T) {
	b := &fakeBackend{regErr: captchaForm(t, xmppclient.RegisterFieldMissing, "111", captchaPNG(t))}
	m := openRegisterForm(t, b)
	press(t, m, "alice", "ctrl+s")
	b.regErr = &xmppclient.RegisterError{Problem: xmppclient.RegisterUserExists, User: "alice"}
	press(t, m, "right1", "ctrl+s")
	mustShowWords(t, m, "already registered")
	b.regErr = captchaForm(t, xmppclient.RegisterCaptchaWrong, "222", captchaPNG(t))
	m.register.form.get("identifier").input.SetValue("alice2")
	press(t, m, "ctrl+s")
	mustShowWords(t, m, "The last try used that challenge up; this is a new one: answer it.", "captcha/222/image")
	mustNotShow(t, m, "refused that answer")
}
