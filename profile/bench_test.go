package profile

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLoadImage24MP turns a 6000×4000 camera-sized JPEG into an
// avatar, as a user picking a photo straight from a phone would.
func BenchmarkLoadImage24MP(b *testing.B) {
	img := image.NewYCbCr(image.Rect(0, 0, 6000, 4000), image.YCbCrSubsampleRatio420)
	for y := 0; y < 4000; y++ {
		for x := 0; x < 6000; x++ {
			img.Y[img.YOffset(x, y)] = uint8((x ^ y) + x/7)
		}
	}
	for y := 0; y < 2000; y++ {
		for x := 0; x < 3000; x++ {
			i := img.COffset(2*x, 2*y)
			img.Cb[i], img.Cr[i] = uint8(x/12), uint8(y/8)
		}
	}
	path := filepath.Join(b.TempDir(), "photo.jpg")
	if err := os.WriteFile(path, encodeJPEG(b, img), 0o600); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		a, err := LoadImage(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		if a.Width != 192 || a.Height != 128 {
			b.Fatalf("%d×%d", a.Width, a.Height)
		}
		b.ReportMetric(float64(len(a.Data)), "avatar-bytes")
	}
}

// BenchmarkLoadImage24MPPhoto turns a photo-like 24-megapixel JPEG (see
// photo24MP: as busy at 192 pixels as a real photo, too busy for a PNG
// within the budget) into an avatar of at most 64 KiB. avatar-bytes is
// the size published; png-bytes what the PNG of the same pixels would be.
func BenchmarkLoadImage24MPPhoto(b *testing.B) {
	path := filepath.Join(b.TempDir(), "photo.jpg")
	photo := photo24MP(b)
	if err := os.WriteFile(path, photo, 0o600); err != nil {
		b.Fatal(err)
	}
	full, _, err := decodeChecked(photo)
	if err != nil {
		b.Fatal(err)
	}
	p, err := pngAvatar(scaleToFit(full, AvatarSide))
	if err != nil {
		b.Fatal(err)
	}
	full = nil
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		a, err := LoadImage(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		if len(a.Data) > MaxAvatarBytes || a.Width > AvatarSide || a.Height > AvatarSide {
			b.Fatalf("%s %d×%d, %d bytes", a.Type, a.Width, a.Height, len(a.Data))
		}
		b.ReportMetric(float64(len(a.Data)), "avatar-bytes")
	}
	b.ReportMetric(float64(len(p.data)), "png-bytes")
}

// BenchmarkLoadImage24MPBudget is the byte budget's own share of the pipeline:
// encoding the 192-pixel avatar of the photo (a PNG that is over, then
// the JPEG that fits), without the decoding and scaling before it.
func BenchmarkLoadImage24MPBudget(b *testing.B) {
	full, _, err := decodeChecked(photo24MP(b))
	if err != nil {
		b.Fatal(err)
	}
	small := scaleToFit(full, AvatarSide)
	full = nil
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		e, err := encodeAvatar(small)
		if err != nil || len(e.data) > MaxAvatarBytes {
			b.Fatalf("%d bytes, %v", len(e.data), err)
		}
		b.ReportMetric(float64(len(e.data)), "avatar-bytes")
	}
}
