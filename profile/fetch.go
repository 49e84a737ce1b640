package profile

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/parley-im/parley/internal/apierr"
)

// fetchTimeout bounds the whole download of an image URL; tests shorten
// it.
var fetchTimeout = 10 * time.Second

// httpClient fetches image URLs: the default transport (so HTTP(S)_PROXY
// is honoured, certificates are verified) and at most 10 redirects.
var httpClient = &http.Client{}

// fetchImage downloads an image URL: 200 only, at most MaxImageBytes, and
// it must be served or sniffed as an image.
func fetchImage(ctx context.Context, u *url.URL) ([]byte, error) {
	shown := Sanitize(u.Redacted())
	fctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, apierr.Wrap(apierr.BadRequest, err, "The image URL %s is not a valid address.", shown)
	}
	req.Header.Set("Accept", "image/png,image/jpeg,image/webp,image/gif;q=0.9,image/*;q=0.5")
	req.Header.Set("User-Agent", "Parley")
	resp, err := httpClient.Do(req)
	if err != nil {
		return nil, fetchErr(ctx, err, shown)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, apierr.New(apierr.NotFound, "The image URL %s was not found (HTTP %d).", shown, resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return nil, apierr.New(apierr.BadRequest, "The image URL %s answered HTTP %d %s instead of an image; check the address.",
			shown, resp.StatusCode, Sanitize(http.StatusText(resp.StatusCode)))
	case resp.ContentLength > MaxImageBytes:
		return nil, apierr.Wrap(apierr.TooLarge, &LimitError{What: "image at " + shown, Size: int(min(resp.ContentLength, 1<<30)), Limit: MaxImageBytes}, "The image at %s is %s; the limit is %s.",
			shown, humanBytes(int(min(resp.ContentLength, 1<<30))), humanBytes(MaxImageBytes))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxImageBytes+1))
	if err != nil {
		return nil, fetchErr(ctx, err, shown)
	}
	if len(data) > MaxImageBytes {
		return nil, apierr.Wrap(apierr.TooLarge, &LimitError{What: "image at " + shown, Limit: MaxImageBytes}, "The image at %s is larger than %s, the limit.", shown, humanBytes(MaxImageBytes))
	}
	served, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	sniffed := strings.SplitN(http.DetectContentType(data), ";", 2)[0]
	if !strings.HasPrefix(served, "image/") && !strings.HasPrefix(sniffed, "image/") {
		what := served
		if what == "" || what == "application/octet-stream" {
			what = sniffed
		}
		return nil, apierr.New(apierr.BadRequest, "The URL serves %s, not an image.", Sanitize(what))
	}
	return data, nil
}

// fetchErr classifies a failed download: the caller's context, our
// timeout, or the network.
func fetchErr(parent context.Context, err error, shown string) error {
	if perr := parent.Err(); perr != nil {
		return ctxErr(perr)
	}
	var ne interface{ Timeout() bool }
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return apierr.Wrap(apierr.Unavailable, err, "The image URL %s did not answer within %s; try again or use another image.",
			shown, fetchTimeout)
	}
	return apierr.Wrap(apierr.Unavailable, err, "The image URL %s cannot be reached; check the address and your network.", shown)
}

// readImageFile reads a local image: a regular file of at most
// MaxImageBytes.
func readImageFile(path string) ([]byte, error) {
	shown := Sanitize(path)
	f, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, apierr.Wrap(apierr.BadRequest, err, "The image file %s does not exist.", shown)
	case errors.Is(err, fs.ErrPermission):
		return nil, apierr.Wrap(apierr.BadRequest, err, "The image file %s cannot be read: permission denied.", shown)
	case err != nil:
		return nil, apierr.Wrap(apierr.BadRequest, err, "The image file %s cannot be opened.", shown)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, apierr.Wrap(apierr.BadRequest, err, "The image file %s cannot be read.", shown)
	}
	if !fi.Mode().IsRegular() {
		return nil, apierr.New(apierr.BadRequest, "The image %s is not a regular file.", shown)
	}
	if fi.Size() > MaxImageBytes {
		return nil, apierr.Wrap(apierr.TooLarge, &LimitError{What: "image file", Size: int(min(fi.Size(), 1<<30)), Limit: MaxImageBytes}, "The image file is %s; the limit is %s.",
			humanBytes(int(min(fi.Size(), 1<<30))), humanBytes(MaxImageBytes))
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxImageBytes+1))
	if err != nil {
		return nil, apierr.Wrap(apierr.BadRequest, err, "The image file %s cannot be read.", shown)
	}
	if len(data) > MaxImageBytes {
		return nil, apierr.Wrap(apierr.TooLarge, &LimitError{What: "image file", Limit: MaxImageBytes}, "The image file is larger than %s, the limit.", humanBytes(MaxImageBytes))
	}
	return data, nil
}
