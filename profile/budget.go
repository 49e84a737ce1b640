package profile

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"
)

// MaxAvatarBytes is the byte budget of a published avatar: every contact
// downloads it, vcard-temp carries it in base64, and some servers refuse
// larger PEP items.
const MaxAvatarBytes = 64 << 10

// The budget is met by the first encoding that fits, tried from the best
// quality down: PNG at the full size (lossless, what XEP-0084 prefers),
// then JPEG at falling quality, then the same at smaller sizes. A photo
// rarely fits as PNG (192×192 of photographic detail is about 100 KiB),
// and a JPEG at quality 90 usually does.
var (
	budgetSides     = []int{AvatarSide, 160, 128, 96, 64, 48, 32}
	budgetQualities = []int{92, 85, 75, 65, 50}
)

// encoded is an avatar image as it will be published.
type encoded struct {
	data []byte
	typ  string // "image/png" or "image/jpeg"
	w, h int
}

// encodeAvatar encodes img (already fitted to AvatarSide) within
// MaxAvatarBytes. An image with transparency stays PNG as long as any
// size fits (a JPEG would lose the transparency); only then is it
// flattened onto white as JPEG.
func encodeAvatar(img *image.RGBA) (encoded, error) {
	opaque := img.Opaque()
	sizes := make([]*image.RGBA, 0, len(budgetSides))
	for _, side := range budgetSides {
		if s := fitTo(img, side); s != nil {
			sizes = append(sizes, s)
		}
	}
	var last int
	for _, s := range sizes {
		e, err := pngAvatar(s)
		if err != nil || len(e.data) <= MaxAvatarBytes {
			return e, err
		}
		last = len(e.data)
		if !opaque {
			continue // every PNG size before any JPEG
		}
		if e, ok := jpegAvatar(s); ok {
			return e, nil
		}
	}
	if !opaque {
		for _, s := range sizes {
			if e, ok := jpegAvatar(flatten(s)); ok {
				return e, nil
			}
		}
	}
	return encoded{}, &LimitError{What: "avatar", Size: last, Limit: MaxAvatarBytes}
}

// fitTo is img scaled down to fit side×side, img itself at its own size,
// or nil when side is not smaller than img (that size was tried).
func fitTo(img *image.RGBA, side int) *image.RGBA {
	b := img.Bounds()
	if side >= max(b.Dx(), b.Dy()) {
		if side == AvatarSide {
			return img
		}
		return nil
	}
	return scaleToFit(img, side)
}

func pngAvatar(img *image.RGBA) (encoded, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return encoded{}, &ImageError{Problem: ImageEncode, Err: err}
	}
	return encoded{data: buf.Bytes(), typ: "image/png", w: img.Rect.Dx(), h: img.Rect.Dy()}, nil
}

// jpegAvatar is the best JPEG quality of img that fits the budget.
func jpegAvatar(img *image.RGBA) (encoded, bool) {
	var buf bytes.Buffer
	for _, q := range budgetQualities {
		buf.Reset()
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
			return encoded{}, false
		}
		if buf.Len() <= MaxAvatarBytes {
			return encoded{data: bytes.Clone(buf.Bytes()), typ: "image/jpeg", w: img.Rect.Dx(), h: img.Rect.Dy()}, true
		}
	}
	return encoded{}, false
}

// flatten draws img over white, as a JPEG (which has no alpha) should
// show it.
func flatten(img *image.RGBA) *image.RGBA {
	dst := image.NewRGBA(img.Rect)
	draw.Draw(dst, dst.Rect, image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, dst.Rect, img, img.Rect.Min, draw.Over)
	return dst
}
