package profile

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// photo24MP is a 5664×4248 (4:3, as phone cameras take) JPEG with detail at every scale
// an avatar keeps: random colour cells about 30 pixels wide, blended
// smoothly, so that the 192-pixel avatar is as busy as a real photo's
// (and the file stays under the 10 MiB limit, as a phone's does).
func photo24MP(t testing.TB) []byte {
	t.Helper()
	const w, h, cell = 5664, 4248, 30
	gw, gh := w/cell+2, h/cell+2
	r := rand.New(rand.NewPCG(1, 2))
	// The cells' colours in YCbCr: blending there is blending in RGB (the
	// conversion is affine), and needs no conversion per pixel.
	grid := make([][3]int32, gw*gh)
	for i := range grid {
		y, cb, cr := color.RGBToYCbCr(uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)))
		grid[i] = [3]int32{int32(y), int32(cb), int32(cr)}
	}
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	at := func(x, y, k int) uint8 {
		gx, fx := x/cell, int32(x%cell)
		gy, fy := y/cell, int32(y%cell)
		top := grid[gy*gw+gx][k]*(cell-fx) + grid[gy*gw+gx+1][k]*fx
		bottom := grid[(gy+1)*gw+gx][k]*(cell-fx) + grid[(gy+1)*gw+gx+1][k]*fx
		return uint8((top*(cell-fy) + bottom*fy) / (cell * cell))
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Y[img.YOffset(x, y)] = at(x, y, 0)
		}
	}
	for y := 0; y < h; y += 2 {
		for x := 0; x < w; x += 2 {
			i := img.COffset(x, y)
			img.Cb[i], img.Cr[i] = at(x, y, 1), at(x, y, 2)
		}
	}
	data := encodeJPEG(t, img)
	if len(data) > MaxImageBytes {
		t.Fatalf("the test photo is %d bytes, over the image limit", len(data))
	}
	return data
}

// An avatar made from a 24-megapixel photo fits the byte budget: it
// would not as PNG, so it is a JPEG of at most 192×192 that decodes.
func TestAvatarFrom24MPPhotoFitsBudget(t *testing.T) {
	photo := photo24MP(t)
	a, err := LoadImage(context.Background(), writeTemp(t, "photo.jpg", photo))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Data) > MaxAvatarBytes || a.Width > AvatarSide || a.Height > AvatarSide {
		t.Fatalf("avatar of %d bytes, %d×%d", len(a.Data), a.Width, a.Height)
	}
	img, err := DecodeImage(a.Data)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != a.Width || b.Dy() != a.Height || a.ID != AvatarID(a.Data) {
		t.Fatalf("decodes as %v, announced %d×%d, id %s", b, a.Width, a.Height, a.ID)
	}
	// The budget is what made it a JPEG: the PNG of the same pixels is over.
	full, _, _ := decodeChecked(photo)
	p, err := pngAvatar(scaleToFit(full, AvatarSide))
	if err != nil || len(p.data) <= MaxAvatarBytes {
		t.Fatalf("the PNG would be %d bytes (%v): the photo does not test the budget", len(p.data), err)
	}
	if a.Type != "image/jpeg" || a.Width != 192 || a.Height != 144 {
		t.Fatalf("got %s %d×%d, want the full-size JPEG", a.Type, a.Width, a.Height)
	}
	t.Logf("24 MP photo → %s %d×%d, %d bytes (PNG would be %d)", a.Type, a.Width, a.Height, len(a.Data), len(p.data))
}

// noise is a w×h image of random pixels with alpha a: the worst case for
// every encoder.
func noise(w, h int, a uint8) *image.NRGBA {
	r := rand.New(rand.NewPCG(3, 4))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)), a
	}
	return img
}

func TestAvatarBudget(t *testing.T) {
	tests := []struct {
		name    string
		img     image.Image
		typ     string
		maxSide int // the result is at most this wide and high
		minSide int // and at least this
	}{
		// A small PNG stays a PNG of its own size.
		{"small png", testImage(64, 64), "image/png", 64, 64},
		{"drawing at 192", testImage(800, 800), "image/png", 192, 192},
		// Pure noise is too much for a PNG, not for a JPEG.
		{"opaque noise", noise(192, 192, 255), "image/jpeg", 192, 192},
		// Transparency is kept: a smaller PNG before any JPEG.
		{"transparent noise", noise(192, 192, 128), "image/png", 128, 32},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := LoadImage(context.Background(), writeTemp(t, "img.png", encodePNG(t, tc.img)))
			if err != nil {
				t.Fatal(err)
			}
			side := max(a.Width, a.Height)
			if a.Type != tc.typ || len(a.Data) > MaxAvatarBytes || side > tc.maxSide || side < tc.minSide {
				t.Fatalf("got %s %d×%d, %d bytes", a.Type, a.Width, a.Height, len(a.Data))
			}
			img, err := DecodeImage(a.Data)
			if err != nil || img.Bounds().Dx() != a.Width || img.Bounds().Dy() != a.Height {
				t.Fatalf("does not decode as announced: %v", err)
			}
			if a.Type == "image/png" {
				if _, err := png.Decode(bytes.NewReader(a.Data)); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// A JPEG of a transparent image is drawn over white, not black.
func TestFlattenOnWhite(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 2, 1))
	img.SetRGBA(1, 0, color.RGBA{100, 0, 0, 255})
	f := flatten(img)
	if f.RGBAAt(0, 0) != (color.RGBA{255, 255, 255, 255}) || f.RGBAAt(1, 0) != (color.RGBA{100, 0, 0, 255}) {
		t.Fatalf("flattened to %v %v", f.RGBAAt(0, 0), f.RGBAAt(1, 0))
	}
}
