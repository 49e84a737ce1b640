package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/parley-im/parley/profile"
)

func pngBytes(t *testing.T, w, h int, top, bottom color.NRGBA) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := top
			if y >= h/2 {
				c = bottom
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestHalfBlocksUpperPixelForegroundLowerBackground(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 1, 2))
	img.SetNRGBA(0, 0, color.NRGBA{255, 0, 0, 255})
	img.SetNRGBA(0, 1, color.NRGBA{0, 0, 255, 255})
	out := halfBlocks(img, 1, 1, false)
	if !strings.Contains(out, "38;2;255;0;0") || !strings.Contains(out, "48;2;0;0;255") || ansi.Strip(out) != "▀" {
		t.Fatalf("halfBlocks = %q", out)
	}
	out = halfBlocks(img, 1, 1, true)
	if strings.Contains(out, "38;2;") || !strings.Contains(out, "38;5;") || !strings.Contains(out, "48;5;") {
		t.Fatalf("256-colour halfBlocks = %q", out)
	}
	// A non-square image keeps its aspect: a wide strip leaves rows blank.
	wide := image.NewNRGBA(image.Rect(0, 0, 40, 10))
	for i := range wide.Pix {
		wide.Pix[i] = 255
	}
	lines := strings.Split(ansi.Strip(halfBlocks(wide, 8, 4, false)), "\n")
	if len(lines) != 4 || strings.TrimSpace(lines[0]) != "" || !strings.Contains(lines[1]+lines[2], "▀") {
		t.Fatalf("letterboxed = %q", lines)
	}
	for _, l := range lines {
		if ansi.StringWidth(l) != 8 {
			t.Fatalf("line %q is not 8 cells", l)
		}
	}
}

func TestAvatarModes(t *testing.T) {
	data := pngBytes(t, 32, 32, color.NRGBA{200, 30, 30, 255}, color.NRGBA{30, 30, 200, 255})
	p := profile.Profile{JID: "bob@example.org", Nickname: "Bob Builder", Avatar: profile.Avatar{ID: "abc", Data: data}}
	for _, tc := range []struct {
		profile  colorprofile.Profile
		noColor  bool
		want     string
		mustLack string
	}{
		{colorprofile.TrueColor, false, "38;2;200;30;30", ""},
		{colorprofile.ANSI256, false, "38;5;", "38;2;"},
		{colorprofile.ANSI, false, "BB", "▀"},
		{colorprofile.TrueColor, true, "╭", "▀"}, // NO_COLOR: initials box
	} {
		m := newTestModel(t, &fakeBackend{}, 80, 24)
		m.colors, m.noColor = tc.profile, tc.noColor
		out := m.avatarBlock(p, "Bob Builder", 8, 4)
		if !strings.Contains(out, tc.want) || (tc.mustLack != "" && strings.Contains(out, tc.mustLack)) {
			t.Errorf("%v noColor=%v: avatar = %q", tc.profile, tc.noColor, out)
		}
		if tc.noColor && strings.Contains(out, "\x1b") {
			t.Errorf("NO_COLOR avatar has escapes: %q", out)
		}
		for _, l := range strings.Split(out, "\n") {
			if ansi.StringWidth(l) != 8 {
				t.Errorf("%v: line %q is not 8 cells", tc.profile, ansi.Strip(l))
			}
		}
	}
	// No image, or a broken one: initials.
	m := newTestModel(t, &fakeBackend{}, 80, 24)
	bad := profile.Profile{JID: "x@y", Avatar: profile.Avatar{ID: "bad", Data: []byte("not an image")}}
	if out := ansi.Strip(m.avatarBlock(bad, "Xavier Young", 6, 3)); !strings.Contains(out, "XY") {
		t.Errorf("broken image avatar = %q", out)
	}
}

func TestNoColorEnvironment(t *testing.T) {
	m := NewModel(t.Context(), Options{Backend: &fakeBackend{}, Environ: []string{"TERM=xterm-256color", "NO_COLOR=1"}, Width: 80, Height: 24})
	if !m.plain() || !m.styles.Plain {
		t.Fatal("NO_COLOR not honoured")
	}
	drain(t, m, m.Init())
	v := m.View().Content
	if strings.Contains(v, "38;") || strings.Contains(v, "48;") {
		t.Fatalf("colours under NO_COLOR: %q", v)
	}
	// A later colour profile message does not turn colour back on.
	m.update(colorProfileMsg(colorprofile.TrueColor))
	if !m.plain() {
		t.Fatal("colour profile overrode NO_COLOR")
	}
}
