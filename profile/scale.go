package profile

import (
	"image"

	"golang.org/x/image/draw"
)

// fitSize returns the size of a w×h image scaled down to fit side×side
// with its aspect ratio kept (never scaled up; at least 1×1).
func fitSize(w, h, side int) (int, int) {
	if w <= side && h <= side {
		return w, h
	}
	if w >= h {
		return side, max(1, (h*side+w/2)/w)
	}
	return max(1, (w*side+h/2)/h), side
}

// scaleToFit scales img down to fit side×side (see fitSize) with the
// Catmull-Rom filter, which averages over the whole source area, so
// nothing aliases. A source more than four times the target is first
// shrunk by a box filter (see boxShrink). An image that already fits is
// copied unscaled.
func scaleToFit(img image.Image, side int) *image.RGBA {
	b := img.Bounds()
	w, h := fitSize(b.Dx(), b.Dy(), side)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if w == b.Dx() && h == b.Dy() {
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
		return dst
	}
	if k := shrinkFactor(b.Dx(), b.Dy(), w, h); k >= 2 {
		if small := boxShrink(img, k); small != nil {
			img, b = small, small.Bounds()
		}
	}
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// orient turns img upright according to an EXIF orientation (1–8); other
// values leave it as it is.
func orient(img *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return img
	}
	sw, sh := img.Bounds().Dx(), img.Bounds().Dy()
	dw, dh := sw, sh
	if o >= 5 {
		dw, dh = sh, sw
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		for x := 0; x < dw; x++ {
			var sx, sy int
			switch o {
			case 2: // mirrored
				sx, sy = sw-1-x, y
			case 3: // upside down
				sx, sy = sw-1-x, sh-1-y
			case 4: // mirrored upside down
				sx, sy = x, sh-1-y
			case 5: // transposed
				sx, sy = y, x
			case 6: // needs a quarter turn clockwise
				sx, sy = y, sh-1-x
			case 7: // transversed
				sx, sy = sw-1-y, sh-1-x
			case 8: // needs a quarter turn anticlockwise
				sx, sy = sw-1-y, x
			}
			si := img.PixOffset(sx, sy)
			di := dst.PixOffset(x, y)
			copy(dst.Pix[di:di+4], img.Pix[si:si+4])
		}
	}
	return dst
}

// jpegOrientation reads the EXIF orientation (tag 0x0112 of IFD0) of a
// JPEG, or returns 1 (upright) when there is none or it cannot be read.
func jpegOrientation(b []byte) int {
	if len(b) < 4 || b[0] != 0xff || b[1] != 0xd8 {
		return 1
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			return 1
		}
		marker := b[i+1]
		if marker == 0xff { // fill byte
			i++
			continue
		}
		if marker == 0xda || marker == 0xd9 { // start of scan, end of image
			return 1
		}
		if marker >= 0xd0 && marker <= 0xd7 || marker == 0x01 { // no length
			i += 2
			continue
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		if n < 2 || i+2+n > len(b) {
			return 1
		}
		seg := b[i+4 : i+2+n]
		if marker == 0xe1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads the orientation from a TIFF header (the body of
// an EXIF segment).
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var u16 func([]byte) int
	var u32 func([]byte) int
	switch string(t[:2]) {
	case "II":
		u16 = func(p []byte) int { return int(p[0]) | int(p[1])<<8 }
		u32 = func(p []byte) int { return int(p[0]) | int(p[1])<<8 | int(p[2])<<16 | int(p[3])<<24 }
	case "MM":
		u16 = func(p []byte) int { return int(p[0])<<8 | int(p[1]) }
		u32 = func(p []byte) int { return int(p[0])<<24 | int(p[1])<<16 | int(p[2])<<8 | int(p[3]) }
	default:
		return 1
	}
	if u16(t[2:]) != 42 {
		return 1
	}
	ifd := u32(t[4:])
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	count := u16(t[ifd:])
	for k := 0; k < count; k++ {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if u16(t[e:]) == 0x0112 && u16(t[e+2:]) == 3 { // orientation, SHORT
			if o := u16(t[e+8:]); o >= 1 && o <= 8 {
				return o
			}
			return 1
		}
	}
	return 1
}

// ScaleToFit is scaleToFit for the UI, which keeps decoded avatars at the
// size it draws them rather than at the sender's.
func ScaleToFit(img image.Image, side int) image.Image { return scaleToFit(img, side) }
