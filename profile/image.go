package profile

import (
	"bytes"
	"context"
	"errors"
	"image"
	_ "image/gif" // registers GIF with image.Decode
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"net/url"
	"strings"

	_ "golang.org/x/image/webp" // registers WebP with image.Decode
)

// imageTypes are the formats accepted, by image package format name.
var imageTypes = map[string]string{
	"png":  "image/png",
	"jpeg": "image/jpeg",
	"gif":  "image/gif",
	"webp": "image/webp",
}

// CheckImage checks image bytes without decoding the pixels: at most 10
// MiB (413), a PNG, JPEG, GIF or WebP header that reads (400), and at most
// 8192×8192 pixels (413). It returns the header's configuration and the
// format name ("png", "jpeg", "gif", "webp"). Use it on avatars from the
// network before anything else, and on the user's own images.
func CheckImage(data []byte) (image.Config, string, error) {
	if len(data) == 0 {
		return image.Config{}, "", &ImageError{Problem: ImageEmpty}
	}
	if len(data) > MaxImageBytes {
		return image.Config{}, "", tooLarge("image", len(data), MaxImageBytes)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if _, ok := imageTypes[format]; err == nil && !ok {
		err = image.ErrFormat
	}
	if errors.Is(err, image.ErrFormat) {
		what := strings.SplitN(http.DetectContentType(data), ";", 2)[0]
		return image.Config{}, "", &ImageError{Problem: ImageFormat, Detail: what, Err: err}
	}
	if err != nil {
		return image.Config{}, "", &ImageError{Problem: ImageHeader, Err: err}
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return image.Config{}, "", &ImageError{Problem: ImageNoPixels}
	}
	if cfg.Width > MaxImageSide || cfg.Height > MaxImageSide {
		return image.Config{}, "", &PixelLimitError{What: "image", Width: cfg.Width, Height: cfg.Height, MaxSide: MaxImageSide}
	}
	return cfg, format, nil
}

// DecodeImage checks data with CheckImage and only then decodes it, for
// the UI to draw. A GIF gives its first frame.
func DecodeImage(data []byte) (image.Image, error) {
	img, _, err := decodeChecked(data)
	return img, err
}

func decodeChecked(data []byte) (image.Image, string, error) {
	cfg, format, err := CheckImage(data)
	if err != nil {
		return nil, "", err
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", &ImageError{Problem: ImageUndecodable, Err: err}
	}
	if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, "", &ImageError{Problem: ImageSizeMismatch}
	}
	return img, format, nil
}

// LoadImage loads the image a user chose for the avatar: src is a local
// path (a leading "~/" is expanded) or an http(s) URL. The image is
// checked (at most 10 MiB, PNG/JPEG/GIF/WebP, at most 8192×8192 pixels),
// decoded, turned upright by its EXIF orientation (JPEG), scaled down to
// fit 192×192 keeping its aspect ratio (never up), and encoded within
// MaxAvatarBytes (64 KiB): PNG when it fits, else JPEG at the best
// quality that fits, else the same at smaller sizes (see encodeAvatar).
// Encoding drops every metadata the file carried (EXIF, GPS, comments).
// The Avatar has ID (SHA-1 hex of Data), Type ("image/png" or
// "image/jpeg"), Width, Height and Data; for a URL, Origin describes the
// image as the URL served it. URL stays empty: the address is published
// only when the user asks (Update.PublishURL, Update.PublishedAvatar).
//
// Errors: 400 (no such file, not an image, the URL serves something
// else), 404 (the URL is not found), 413 (over a limit), 503 (the URL does
// not answer within 10 seconds or cannot be reached).
func LoadImage(ctx context.Context, src string) (Avatar, error) {
	return loadImageWith(ctx, strings.TrimSpace(src), httpClient)
}

// loadImageWith is LoadImage fetching URLs with client.
func loadImageWith(ctx context.Context, src string, client *http.Client) (Avatar, error) {
	if src == "" {
		return Avatar{}, &ImageError{Problem: ImageNone}
	}
	var (
		data []byte
		err  error
		from string
	)
	if isURL(src) {
		if msg := imageProblem(src); msg != "" {
			return Avatar{}, &FieldError{Field: FieldImage, Message: msg}
		}
		u, _ := url.Parse(src) // checked by imageProblem
		data, err = fetchImage(ctx, u, client)
		from = src
	} else {
		data, err = readImageFile(normalizeImage(src))
	}
	if err != nil {
		return Avatar{}, err
	}
	if err := ctx.Err(); err != nil {
		return Avatar{}, ctxErr(err)
	}
	a, err := avatarFromImage(data)
	if err != nil {
		return Avatar{}, err
	}
	if from != "" {
		a.Origin = originOf(from, data)
	}
	return a, nil
}

// avatarFromImage turns checked-or-not image bytes into the avatar to
// publish.
func avatarFromImage(data []byte) (Avatar, error) {
	img, format, err := decodeChecked(data)
	if err != nil {
		return Avatar{}, err
	}
	orientation := 1
	if format == "jpeg" {
		orientation = jpegOrientation(data)
	}
	e, err := encodeAvatar(orient(scaleToFit(img, AvatarSide), orientation))
	if err != nil {
		return Avatar{}, err
	}
	return Avatar{ID: AvatarID(e.data), Type: e.typ, Width: e.w, Height: e.h, Data: e.data}, nil
}

// originOf describes the image a URL served, as the metadata's <info/>
// for that URL must (XEP-0084: bytes, id and type of the data there).
func originOf(src string, data []byte) *Origin {
	cfg, format, err := CheckImage(data)
	if err != nil {
		return nil
	}
	return &Origin{URL: src, ID: AvatarID(data), Type: imageTypes[format], Bytes: len(data), Width: cfg.Width, Height: cfg.Height}
}

// ctxErr reports a cancelled or expired context of the caller.
func ctxErr(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &ImageError{Problem: ImageTimeout, Err: err}
	}
	return &ImageError{Problem: ImageCancelled, Err: err}
}
