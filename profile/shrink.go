package profile

import "image"

// Big photos are first shrunk by a whole factor with a box filter (the
// plain average of each k×k block, which is alias-free and touches every
// source pixel once, in the source's own pixel format), so that the
// Catmull-Rom pass that follows works on an image only about twice the
// final size. For a 24-megapixel JPEG this makes the scaling several
// times faster than Catmull-Rom over the full image.

// shrinkFactor is the whole factor by which a w×h image can be shrunk and
// still be at least twice the fw×fh target in both directions.
func shrinkFactor(w, h, fw, fh int) int {
	return min(w/(2*fw), h/(2*fh))
}

// boxShrink returns img shrunk by k (k >= 2) if its pixel format is one
// that can be shrunk fast, else nil. Up to k-1 pixels at the right and
// bottom edges are dropped.
func boxShrink(img image.Image, k int) image.Image {
	switch src := img.(type) {
	case *image.YCbCr:
		return shrinkYCbCr(src, k)
	case *image.RGBA:
		dst := image.NewRGBA(image.Rect(0, 0, src.Rect.Dx()/k, src.Rect.Dy()/k))
		shrink4(dst.Pix, dst.Stride, src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y):], src.Stride, dst.Rect.Dx(), dst.Rect.Dy(), k, false)
		return dst
	case *image.Gray:
		dst := image.NewGray(image.Rect(0, 0, src.Rect.Dx()/k, src.Rect.Dy()/k))
		shrinkPlane(dst.Pix, dst.Stride, dst.Rect.Dx(), dst.Rect.Dy(), src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y):], src.Stride, src.Rect.Dx(), src.Rect.Dy(), k)
		return dst
	case *image.NRGBA:
		dst := image.NewNRGBA(image.Rect(0, 0, src.Rect.Dx()/k, src.Rect.Dy()/k))
		shrink4(dst.Pix, dst.Stride, src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y):], src.Stride, dst.Rect.Dx(), dst.Rect.Dy(), k, true)
		return dst
	}
	return nil
}

// shrinkPlane averages k×k blocks of an 8-bit plane of sw×sh samples
// into a dw×dh plane; blocks that run past the source edge average the
// samples there are.
func shrinkPlane(dst []byte, dstride, dw, dh int, src []byte, sstride, sw, sh, k int) {
	sums := make([]uint32, dw)
	counts := make([]uint32, dw)
	for y := 0; y < dh; y++ {
		clear(sums)
		clear(counts)
		for sy := y * k; sy < min(y*k+k, sh); sy++ {
			row := src[sy*sstride:]
			for x := 0; x < dw && x*k < sw; x++ {
				end := min(x*k+k, sw)
				var s uint32
				for _, v := range row[x*k : end] {
					s += uint32(v)
				}
				sums[x] += s
				counts[x] += uint32(end - x*k)
			}
		}
		out := dst[y*dstride:]
		for x := 0; x < dw; x++ {
			if counts[x] > 0 {
				out[x] = uint8((sums[x] + counts[x]/2) / counts[x])
			}
		}
	}
}

// chromaSize is the size of the chroma planes of a w×h YCbCr image.
func chromaSize(w, h int, r image.YCbCrSubsampleRatio) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return (w + 1) / 2, h
	case image.YCbCrSubsampleRatio420:
		return (w + 1) / 2, (h + 1) / 2
	case image.YCbCrSubsampleRatio440:
		return w, (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		return (w + 3) / 4, h
	case image.YCbCrSubsampleRatio410:
		return (w + 3) / 4, (h + 1) / 2
	}
	return w, h
}

func shrinkYCbCr(src *image.YCbCr, k int) image.Image {
	if src.Rect.Min != (image.Point{}) {
		return nil // a sub-image: not what a decoder returns
	}
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := sw/k, sh/k
	dst := image.NewYCbCr(image.Rect(0, 0, dw, dh), src.SubsampleRatio)
	shrinkPlane(dst.Y, dst.YStride, dw, dh, src.Y, src.YStride, sw, sh, k)
	scw, sch := chromaSize(sw, sh, src.SubsampleRatio)
	dcw, dch := chromaSize(dw, dh, src.SubsampleRatio)
	shrinkPlane(dst.Cb, dst.CStride, dcw, dch, src.Cb, src.CStride, scw, sch, k)
	shrinkPlane(dst.Cr, dst.CStride, dcw, dch, src.Cr, src.CStride, scw, sch, k)
	return dst
}

// shrink4 averages k×k blocks of 4-byte pixels (RGBA or NRGBA). For
// non-premultiplied colour (nrgba) the colour channels are weighted by
// alpha, so that invisible pixels do not bleed their colour.
func shrink4(dst []byte, dstride int, src []byte, sstride, dw, dh, k int, nrgba bool) {
	var sums [4]uint64
	for y := 0; y < dh; y++ {
		out := dst[y*dstride:]
		for x := 0; x < dw; x++ {
			sums = [4]uint64{}
			for sy := y * k; sy < y*k+k; sy++ {
				row := src[sy*sstride+x*k*4 : sy*sstride+(x*k+k)*4]
				for i := 0; i < len(row); i += 4 {
					a := uint64(row[i+3])
					if nrgba {
						sums[0] += uint64(row[i]) * a
						sums[1] += uint64(row[i+1]) * a
						sums[2] += uint64(row[i+2]) * a
					} else {
						sums[0] += uint64(row[i])
						sums[1] += uint64(row[i+1])
						sums[2] += uint64(row[i+2])
					}
					sums[3] += a
				}
			}
			n := uint64(k * k)
			p := out[x*4 : x*4+4]
			p[3] = uint8((sums[3] + n/2) / n)
			div := n
			if nrgba {
				div = sums[3]
			}
			if div == 0 {
				p[0], p[1], p[2] = 0, 0, 0
				continue
			}
			p[0] = uint8((sums[0] + div/2) / div)
			p[1] = uint8((sums[1] + div/2) / div)
			p[2] = uint8((sums[2] + div/2) / div)
		}
	}
}
