package testenv

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/ejabberd"
)

// CaptchaServer is an ejabberd whose in-band registration asks for a
// CAPTCHA (XEP-0158).
type CaptchaServer struct {
	*ejabberd.Server
	// Image is the PNG every challenge shows.
	Image []byte
	text  string // the file the CAPTCHA program writes each text to
}

// Text is the text of the latest challenge (what a person would read off
// the image), or "" before the first.
func (c *CaptchaServer) Text(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(c.text)
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatalf("read the CAPTCHA text: %v", err)
	}
	return strings.TrimSpace(string(b))
}

// CaptchaEjabberd starts an ejabberd with captcha_protected registration.
// Its captcha_cmd is a shell script: ejabberd runs it with the text to
// read as the argument; it writes the text to a file Text reads and prints
// a fixed PNG (so no image tool is needed).
func CaptchaEjabberd(t testing.TB) *CaptchaServer {
	t.Helper()
	RequireEjabberd(t)
	dir := t.TempDir()
	img := CaptchaPNG(t)
	c := &CaptchaServer{Image: img, text: filepath.Join(dir, "captcha.txt")}
	pngPath, script := filepath.Join(dir, "captcha.png"), filepath.Join(dir, "captcha.sh")
	if err := os.WriteFile(pngPath, img, 0o600); err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf("#!/bin/sh\nprintf '%%s\\n' \"$1\" > %q\nexec cat %q\n", c.text, pngPath)
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	c.Server = EjabberdWith(t, ejabberd.Options{CaptchaCmd: script})
	return c
}

// CaptchaPNG is a small striped PNG, 96×32, the shape of a CAPTCHA image.
func CaptchaPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 96, 32))
	for y := range 32 {
		for x := range 96 {
			c := color.NRGBA{0xF0, 0xF0, 0xE0, 0xFF}
			if (x/8+y/8)%2 == 0 {
				c = color.NRGBA{0x20, 0x30, 0x90, 0xFF}
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
