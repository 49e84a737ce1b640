package profile

import (
	"image"
	"image/color"
	"testing"

	"golang.org/x/image/draw"
)

func TestShrinkPlane(t *testing.T) {
	src := []byte{
		0, 2, 10, 10, 7,
		4, 6, 20, 21, 7,
		1, 1, 1, 1, 7,
	}
	dst := make([]byte, 4)
	shrinkPlane(dst, 2, 2, 2, src, 5, 5, 3, 2)
	// The last row is a partial block: it averages what there is.
	if want := []byte{3, 15, 1, 1}; string(dst) != string(want) {
		t.Fatalf("got %v, want %v", dst, want)
	}
}

func TestShrinkYCbCrRatios(t *testing.T) {
	ratios := []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410}
	for _, r := range ratios {
		for _, size := range []image.Point{{1001, 777}, {20, 9}, {7, 64}} {
			src := image.NewYCbCr(image.Rect(0, 0, size.X, size.Y), r)
			for i := range src.Y {
				src.Y[i] = 200
			}
			for i := range src.Cb {
				src.Cb[i], src.Cr[i] = 90, 160
			}
			for k := 2; k <= 7 && size.X/k > 0 && size.Y/k > 0; k++ {
				dst := boxShrink(src, k).(*image.YCbCr)
				if dst.Rect.Dx() != size.X/k || dst.Rect.Dy() != size.Y/k {
					t.Fatalf("%v %v k=%d: %v", r, size, k, dst.Rect)
				}
				for y := 0; y < dst.Rect.Dy(); y++ {
					for x := 0; x < dst.Rect.Dx(); x++ {
						if c := dst.YCbCrAt(x, y); c != (color.YCbCr{200, 90, 160}) {
							t.Fatalf("%v %v k=%d: (%d,%d) is %v", r, size, k, x, y, c)
						}
					}
				}
			}
		}
	}
	// A sub-image is left to the general path.
	sub := image.NewYCbCr(image.Rect(0, 0, 10, 10), image.YCbCrSubsampleRatio420).SubImage(image.Rect(1, 1, 9, 9))
	if boxShrink(sub, 2) != nil {
		t.Fatal("sub-image shrunk")
	}
}

func TestShrinkAlpha(t *testing.T) {
	n := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	n.SetNRGBA(0, 0, color.NRGBA{255, 0, 0, 255})
	for _, p := range []image.Point{{1, 0}, {0, 1}, {1, 1}} {
		n.SetNRGBA(p.X, p.Y, color.NRGBA{0, 255, 0, 0}) // invisible green
	}
	if got := boxShrink(n, 2).(*image.NRGBA).NRGBAAt(0, 0); got != (color.NRGBA{255, 0, 0, 64}) {
		t.Fatalf("NRGBA: %v", got)
	}
	r := image.NewRGBA(image.Rect(0, 0, 2, 2))
	r.SetRGBA(0, 0, color.RGBA{200, 0, 0, 200})
	if got := boxShrink(r, 2).(*image.RGBA).RGBAAt(0, 0); got != (color.RGBA{50, 0, 0, 50}) {
		t.Fatalf("RGBA: %v", got)
	}
	g := image.NewGray(image.Rect(0, 0, 4, 2))
	copy(g.Pix, []byte{0, 100, 10, 10, 100, 200, 30, 30})
	if got := boxShrink(g, 2).(*image.Gray).Pix; string(got) != string([]byte{100, 20}) {
		t.Fatalf("Gray: %v", got)
	}
	if boxShrink(image.NewPaletted(image.Rect(0, 0, 4, 4), nil), 2) != nil {
		t.Fatal("paletted shrunk")
	}
}

// The box pre-shrink must not change the avatar visibly.
func TestScaleToFitMatchesDirect(t *testing.T) {
	src := image.NewYCbCr(image.Rect(0, 0, 2400, 1600), image.YCbCrSubsampleRatio420)
	for y := 0; y < 1600; y++ {
		for x := 0; x < 2400; x++ {
			src.Y[src.YOffset(x, y)] = uint8(x / 10)
			src.Cb[src.COffset(x, y)] = uint8(y / 7)
			src.Cr[src.COffset(x, y)] = uint8(255 - x/10)
		}
	}
	got := scaleToFit(src, 192)
	want := image.NewRGBA(got.Rect)
	draw.CatmullRom.Scale(want, want.Rect, src, src.Rect, draw.Src, nil)
	worst := 0
	for i := range got.Pix {
		d := int(got.Pix[i]) - int(want.Pix[i])
		worst = max(worst, d, -d)
	}
	if worst > 6 {
		t.Fatalf("pre-shrunk avatar differs by up to %d levels", worst)
	}
}
