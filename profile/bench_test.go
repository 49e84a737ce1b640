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
	}
}
