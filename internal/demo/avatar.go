package demo

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
)

// AvatarSide is the width and height of a generated avatar, in pixels. It
// is below profile.AvatarSide, so publishing never rescales it.
const AvatarSide = 160

const (
	avatarGrid   = 5  // identicon cells per side
	avatarMargin = 20 // pixels around the grid
)

// AvatarPNG draws the avatar of seed in its variant-th look: a mirrored
// 5×5 identicon over a diagonal two-colour gradient, with colours and
// pattern taken from SHA-256(seed, variant). Different seeds or variants
// give different images (short of a hash collision); the same ones always
// give the same bytes.
func AvatarPNG(seed string, variant int) []byte {
	sum := sha256.Sum256(fmt.Appendf(nil, "parley-demo\x00%s\x00%d", seed, variant))
	hue := float64(sum[0]) / 256 * 360
	bgA := hsl(hue, 0.55, 0.88)
	bgB := hsl(math.Mod(hue+40, 360), 0.60, 0.72)
	fg := hsl(math.Mod(hue+180, 360), 0.65, 0.38)

	// Cells of the left half and the middle column, mirrored to the right.
	var on [avatarGrid][avatarGrid]bool
	bit := 0
	for y := range avatarGrid {
		for x := range (avatarGrid + 1) / 2 {
			b := sum[1+bit/8]>>(bit%8)&1 == 1
			bit++
			on[y][x], on[y][avatarGrid-1-x] = b, b
		}
	}

	img := image.NewNRGBA(image.Rect(0, 0, AvatarSide, AvatarSide))
	cell := (AvatarSide - 2*avatarMargin) / avatarGrid
	// The gradient runs along the diagonal: one colour per x+y.
	ramp := make([]color.NRGBA, 2*AvatarSide-1)
	for i := range ramp {
		ramp[i] = mix(bgA, bgB, float64(i)/float64(len(ramp)-1))
	}
	for y := range AvatarSide {
		row := img.Pix[y*img.Stride:]
		for x := range AvatarSide {
			c := ramp[x+y]
			gx, gy := (x-avatarMargin)/cell, (y-avatarMargin)/cell
			if x >= avatarMargin && y >= avatarMargin && gx < avatarGrid && gy < avatarGrid && on[gy][gx] {
				c = fg
			}
			copy(row[4*x:4*x+4], []byte{c.R, c.G, c.B, c.A})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(fmt.Sprintf("demo: encode avatar: %v", err)) // cannot fail on an in-memory image
	}
	return buf.Bytes()
}

// writeAvatar saves the avatar of seed's variant under dir (if not there
// yet) and returns its path, for profile.Update.Image.
func writeAvatar(dir, seed string, variant int) (string, error) {
	path := filepath.Join(dir, fmt.Sprintf("%s-%d.png", seed, variant))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create the avatar directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".avatar-*")
	if err != nil {
		return "", fmt.Errorf("write avatar: %w", err)
	}
	_, werr := tmp.Write(AvatarPNG(seed, variant))
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write avatar %s: %w", path, firstErr(werr, cerr))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write avatar %s: %w", path, err)
	}
	return path, nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	l := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.NRGBA{R: l(a.R, b.R), G: l(a.G, b.G), B: l(a.B, b.B), A: 255}
}

// hsl converts hue (degrees), saturation and lightness (0–1) to a colour.
func hsl(h, s, l float64) color.NRGBA {
	c := (1 - math.Abs(2*l-1)) * s
	hp := h / 60
	x := c * (1 - math.Abs(math.Mod(hp, 2)-1))
	var r, g, b float64
	switch {
	case hp < 1:
		r, g = c, x
	case hp < 2:
		r, g = x, c
	case hp < 3:
		g, b = c, x
	case hp < 4:
		g, b = x, c
	case hp < 5:
		r, b = x, c
	default:
		r, b = c, x
	}
	m := l - c/2
	to := func(v float64) uint8 { return uint8(math.Round((v + m) * 255)) }
	return color.NRGBA{R: to(r), G: to(g), B: to(b), A: 255}
}
