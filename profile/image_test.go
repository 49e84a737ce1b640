package profile

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// pngHeader is a PNG that is nothing but its IHDR chunk (and IEND): it
// claims w×h pixels in a few dozen bytes.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk("IHDR", ihdr)
	chunk("IEND", nil)
	return b.Bytes()
}

func TestLoadImageFormats(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		w, h int
	}{
		{"png", encodePNG(t, testImage(400, 300)), 192, 144},
		{"jpeg", encodeJPEG(t, testImage(1000, 1000)), 192, 192},
		{"gif small, not scaled up", encodeGIF(t, testImage(64, 32)), 64, 32},
		{"webp lossless", fixture(t, "gopher.lossless.webp"), 75, 100},
		{"webp lossy", fixture(t, "blue-purple-pink.lossy.webp"), 150, 100},
		{"tall and narrow", encodePNG(t, testImage(10, 5000)), 1, 192},
		{"wide and flat", encodePNG(t, testImage(3000, 200)), 192, 13},
		{"exactly 192", encodePNG(t, testImage(192, 100)), 192, 100},
		{"png with alpha", fixture(t, "avatar-48.png"), 48, 48},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, "img", tc.data)
			a, err := LoadImage(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if a.Width != tc.w || a.Height != tc.h {
				t.Fatalf("%d×%d, want %d×%d", a.Width, a.Height, tc.w, tc.h)
			}
			if a.Type != "image/png" || a.ID != AvatarID(a.Data) || a.URL != "" {
				t.Fatalf("got %+v", Avatar{ID: a.ID, Type: a.Type, URL: a.URL})
			}
			img, err := png.Decode(bytes.NewReader(a.Data))
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != tc.w || b.Dy() != tc.h {
				t.Fatalf("PNG is %v", b)
			}
		})
	}
}

func TestLoadImageKeepsTransparency(t *testing.T) {
	a, err := LoadImage(context.Background(), filepath.Join("testdata", "avatar-48.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, _ := png.Decode(bytes.NewReader(a.Data))
	if _, _, _, alpha := img.At(0, 0).RGBA(); alpha != 0 {
		t.Fatalf("corner alpha %d, want 0", alpha)
	}
	if _, _, _, alpha := img.At(24, 24).RGBA(); alpha != 0xffff {
		t.Fatalf("centre alpha %d, want opaque", alpha)
	}
}

func TestLoadImageExpandsHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	if err := os.WriteFile(filepath.Join(home, "me.png"), encodePNG(t, testImage(8, 8)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadImage(context.Background(), "~/me.png"); err != nil {
		t.Fatal(err)
	}
}

func TestCheckImageHugeHeader(t *testing.T) {
	data := pngHeader(60000, 60000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, _, err := CheckImage(data)
	runtime.ReadMemStats(&after)
	wantCode(t, err, codeTooLarge)
	if msg := MessageOf(err); msg != "The image is 60000×60000 pixels; the limit is 8192×8192." {
		t.Fatalf("message %q", msg)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Fatalf("checking the header allocated %d bytes", n)
	}
	_, err = LoadImage(context.Background(), writeTemp(t, "huge.png", data))
	wantCode(t, err, codeTooLarge)
	_, err = DecodeImage(data)
	wantCode(t, err, codeTooLarge)
	// One side over the limit is enough.
	_, _, err = CheckImage(pngHeader(8193, 10))
	wantCode(t, err, codeTooLarge)
	if _, _, err := CheckImage(pngHeader(8192, 8192)); err != nil {
		t.Fatalf("8192×8192: %v", err)
	}
}

func TestLoadImageTooManyBytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(encodePNG(t, testImage(10, 10)))
	if err := f.Truncate(20 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = LoadImage(context.Background(), path)
	wantCode(t, err, codeTooLarge)
	if !strings.Contains(MessageOf(err), "20 MiB; the limit is 10 MiB") {
		t.Fatalf("message %q", MessageOf(err))
	}
	_, _, err = CheckImage(make([]byte, 20<<20))
	wantCode(t, err, codeTooLarge)
}

func TestLoadImageBadInput(t *testing.T) {
	dir := t.TempDir()
	good := encodePNG(t, testImage(50, 50))
	tests := []struct {
		name, src string
		code      int
		msg       string
	}{
		{"empty", "  ", codeBadRequest, "No image"},
		{"missing", filepath.Join(dir, "nope.png"), codeBadRequest, "does not exist"},
		{"directory", dir, codeBadRequest, "not a regular file"},
		{"text", writeTemp(t, "notes.txt", []byte("hello, this is text\n")), codeBadRequest, "text/plain, not a PNG"},
		{"html", writeTemp(t, "page.png", []byte("<!DOCTYPE html><html><body>hi</body></html>")), codeBadRequest, "text/html, not a PNG"},
		{"truncated", writeTemp(t, "cut.png", good[:len(good)/2]), codeBadRequest, "damaged"},
		{"empty file", writeTemp(t, "zero.png", nil), codeBadRequest, "empty"},
		{"zero size", writeTemp(t, "zero-size.png", pngHeader(0, 10)), codeBadRequest, "header"},
		{"ftp", "ftp://example.org/a.png", codeBadRequest, "http(s)"},
	}
	if _, err := os.Stat(os.DevNull); err == nil {
		tests = append(tests, struct {
			name, src string
			code      int
			msg       string
		}{"device", os.DevNull, codeBadRequest, "not a regular file"})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadImage(context.Background(), tc.src)
			wantCode(t, err, tc.code)
			if !strings.Contains(MessageOf(err), tc.msg) {
				t.Fatalf("message %q lacks %q", MessageOf(err), tc.msg)
			}
		})
	}
}

func TestDecodeImage(t *testing.T) {
	img, err := DecodeImage(fixture(t, "gopher.lossless.webp"))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 75 || b.Dy() != 100 {
		t.Fatalf("bounds %v", b)
	}
	cfg, format, err := CheckImage(encodeGIF(t, testImage(20, 10)))
	if err != nil || format != "gif" || cfg.Width != 20 || cfg.Height != 10 {
		t.Fatalf("got %+v %s %v", cfg, format, err)
	}
}

// withEXIF inserts an EXIF segment with an orientation after a JPEG's SOI.
func withEXIF(jpg []byte, order string, orientation uint16) []byte {
	var bo binary.ByteOrder = binary.BigEndian
	if order == "II" {
		bo = binary.LittleEndian
	}
	tiff := make([]byte, 8+2+12+4)
	copy(tiff, order)
	bo.PutUint16(tiff[2:], 42)
	bo.PutUint32(tiff[4:], 8)
	bo.PutUint16(tiff[8:], 1)
	bo.PutUint16(tiff[10:], 0x0112)
	bo.PutUint16(tiff[12:], 3)
	bo.PutUint32(tiff[14:], 1)
	bo.PutUint16(tiff[18:], orientation)
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(2+len(payload)))
	seg = append(seg, payload...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

func TestLoadImageEXIFOrientation(t *testing.T) {
	// 40×20, red left half: turned a quarter clockwise it is 20×40 with a
	// red top half.
	for _, order := range []string{"MM", "II"} {
		jpg := withEXIF(encodeJPEG(t, testImage(40, 20)), order, 6)
		if got := jpegOrientation(jpg); got != 6 {
			t.Fatalf("%s: orientation %d", order, got)
		}
		a, err := LoadImage(context.Background(), writeTemp(t, "phone.jpg", jpg))
		if err != nil {
			t.Fatal(err)
		}
		if a.Width != 20 || a.Height != 40 {
			t.Fatalf("%s: %d×%d, want 20×40", order, a.Width, a.Height)
		}
		img, _ := png.Decode(bytes.NewReader(a.Data))
		if r, _, b, _ := img.At(10, 5).RGBA(); r < 0xc000 || b > 0x4000 {
			t.Fatalf("%s: top is not red: %v", order, img.At(10, 5))
		}
		if r, _, b, _ := img.At(10, 35).RGBA(); r > 0x4000 || b < 0xc000 {
			t.Fatalf("%s: bottom is not blue: %v", order, img.At(10, 35))
		}
	}
	for _, bad := range [][]byte{nil, {0xff, 0xd8}, []byte("\xff\xd8\xff\xe1\x00\x08Exif\x00\x00"), encodeJPEG(t, testImage(4, 4))} {
		if got := jpegOrientation(bad); got != 1 {
			t.Fatalf("orientation %d for %q", got, bad)
		}
	}
}

func TestOrient(t *testing.T) {
	// A 3×2 image with the top-left pixel marked A and the top-right B;
	// EXIF says where each must end up once upright.
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	A, B := color.RGBA{1, 0, 0, 255}, color.RGBA{2, 0, 0, 255}
	src.SetRGBA(0, 0, A)
	src.SetRGBA(2, 0, B)
	type pt struct{ x, y int }
	tests := []struct {
		o    int
		w, h int
		a, b pt
	}{
		{1, 3, 2, pt{0, 0}, pt{2, 0}},
		{2, 3, 2, pt{2, 0}, pt{0, 0}},
		{3, 3, 2, pt{2, 1}, pt{0, 1}},
		{4, 3, 2, pt{0, 1}, pt{2, 1}},
		{5, 2, 3, pt{0, 0}, pt{0, 2}},
		{6, 2, 3, pt{1, 0}, pt{1, 2}},
		{7, 2, 3, pt{1, 2}, pt{1, 0}},
		{8, 2, 3, pt{0, 2}, pt{0, 0}},
		{9, 3, 2, pt{0, 0}, pt{2, 0}},
	}
	for _, tc := range tests {
		got := orient(src, tc.o)
		if b := got.Bounds(); b.Dx() != tc.w || b.Dy() != tc.h {
			t.Fatalf("orientation %d: %v", tc.o, b)
		}
		if got.RGBAAt(tc.a.x, tc.a.y) != A || got.RGBAAt(tc.b.x, tc.b.y) != B {
			t.Fatalf("orientation %d: A at %v is %v, B at %v is %v", tc.o, tc.a, got.RGBAAt(tc.a.x, tc.a.y), tc.b, got.RGBAAt(tc.b.x, tc.b.y))
		}
	}
}

func TestFitSize(t *testing.T) {
	tests := []struct{ w, h, ww, wh int }{
		{192, 192, 192, 192}, {100, 50, 100, 50}, {6000, 4000, 192, 128}, {4000, 6000, 128, 192},
		{10, 5000, 1, 192}, {5000, 10, 192, 1}, {193, 1, 192, 1}, {8192, 8191, 192, 192},
	}
	for _, tc := range tests {
		if w, h := fitSize(tc.w, tc.h, 192); w != tc.ww || h != tc.wh {
			t.Errorf("fitSize(%d, %d) = %d×%d, want %d×%d", tc.w, tc.h, w, h, tc.ww, tc.wh)
		}
	}
}
