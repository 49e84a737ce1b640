package profile

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture reads a file of testdata.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The status codes of the edge's table. The edge, internal/errtext,
// imports this package, so a test in it cannot import the edge:
// edge_test.go (package profile_test) sets CodeOf, MessageOf and KnownOf
// to errtext's Code, Message and Known.
const (
	codeBadRequest  = 400
	codeNotFound    = 404
	codeTooLarge    = 413
	codeInternal    = 500
	codeUnavailable = 503
)

// The edge's mapping, set by edge_test.go.
var (
	CodeOf    func(error) int
	MessageOf func(error) string
	KnownOf   func(error) bool
)

// wantCode fails unless err carries the status code want.
func wantCode(t testing.TB, err error, want int) {
	t.Helper()
	if err == nil {
		t.Fatalf("error = nil, want code %d", want)
	}
	if got := CodeOf(err); got != want {
		t.Fatalf("code = %d (%v), want %d", got, err, want)
	}
	if !KnownOf(err) {
		t.Fatalf("error %v has no sentence of its own", err)
	}
}

// wantMalformed fails unless err is a 500 wrapping ErrMalformed.
func wantMalformed(t testing.TB, err error) {
	t.Helper()
	wantCode(t, err, codeInternal)
	if !errors.Is(err, ErrMalformed) {
		t.Fatalf("error %v does not wrap ErrMalformed", err)
	}
}

// testImage is a w×h picture with a gradient and a red left half, so that
// scaling and rotation can be checked.
func testImage(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{0, uint8(y * 255 / max(1, h-1)), 255, 255}
			if x < w/2 {
				c = color.NRGBA{255, 0, 0, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeGIF(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := gif.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// writeTemp writes data to a file in a test's temporary directory.
func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkSafe fails if s holds anything Sanitize removes from one line.
func checkSafe(t testing.TB, field, s string) {
	t.Helper()
	if i := strings.IndexFunc(s, isUnsafe); i >= 0 {
		t.Fatalf("%s %q holds an unsafe rune at %d", field, s, i)
	}
}
