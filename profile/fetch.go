package profile

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// fetchTimeout bounds the whole download of an image URL; tests shorten
// it.
var fetchTimeout = 10 * time.Second

// httpClient fetches the user's own image URLs: the default transport's
// settings (so HTTP(S)_PROXY is honoured, certificates are verified), a
// bound on connecting and on redirects; fetchTimeout bounds the whole.
var httpClient = &http.Client{
	Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: fetchDialTimeout}).DialContext,
		TLSHandshakeTimeout:   fetchDialTimeout,
		ResponseHeaderTimeout: fetchTimeout,
	},
	CheckRedirect: checkRedirect,
}

// fetchImage downloads an image URL: 200 only, at most MaxImageBytes, and
// it must be served or sniffed as an image.
func fetchImage(ctx context.Context, u *url.URL, client *http.Client) ([]byte, error) {
	shown := Sanitize(u.Redacted())
	fctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &FetchError{URL: shown, Problem: FetchBadURL, Err: err}
	}
	req.Header.Set("Accept", "image/png,image/jpeg,image/webp,image/gif;q=0.9,image/*;q=0.5")
	req.Header.Set("User-Agent", "Parley")
	resp, err := client.Do(req)
	if err != nil {
		if se := sourceRefused(err); se != nil {
			se.Source = shown
			return nil, se
		}
		return nil, fetchErr(ctx, err, shown)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, &FetchError{URL: shown, Problem: FetchStatus, Status: resp.StatusCode}
	case resp.StatusCode != http.StatusOK:
		return nil, &FetchError{URL: shown, Problem: FetchStatus, Status: resp.StatusCode}
	case resp.ContentLength > MaxImageBytes:
		return nil, &LimitError{What: "image at " + shown, Size: int(min(resp.ContentLength, 1<<30)), Limit: MaxImageBytes}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxImageBytes+1))
	if err != nil {
		return nil, fetchErr(ctx, err, shown)
	}
	if len(data) > MaxImageBytes {
		return nil, &LimitError{What: "image at " + shown, Limit: MaxImageBytes}
	}
	served, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	sniffed := strings.SplitN(http.DetectContentType(data), ";", 2)[0]
	if !strings.HasPrefix(served, "image/") && !strings.HasPrefix(sniffed, "image/") {
		what := served
		if what == "" || what == "application/octet-stream" {
			what = sniffed
		}
		return nil, &FetchError{URL: shown, Problem: FetchNotImage, Served: Sanitize(what)}
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
		return &FetchError{URL: shown, Problem: FetchTimeout, Timeout: fetchTimeout, Err: err}
	}
	return &FetchError{URL: shown, Problem: FetchUnreachable, Err: err}
}

// readImageFile reads a local image: a regular file of at most
// MaxImageBytes.
func readImageFile(path string) ([]byte, error) {
	shown := Sanitize(path)
	f, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &ImageError{Source: shown, Problem: ImageFileMissing, Err: err}
	case errors.Is(err, fs.ErrPermission):
		return nil, &ImageError{Source: shown, Problem: ImageFileDenied, Err: err}
	case err != nil:
		return nil, &ImageError{Source: shown, Problem: ImageFileUnopenable, Err: err}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, &ImageError{Source: shown, Problem: ImageFileUnreadable, Err: err}
	}
	if !fi.Mode().IsRegular() {
		return nil, &ImageError{Source: shown, Problem: ImageNotRegular}
	}
	if fi.Size() > MaxImageBytes {
		return nil, &LimitError{What: "image file", Size: int(min(fi.Size(), 1<<30)), Limit: MaxImageBytes}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxImageBytes+1))
	if err != nil {
		return nil, &ImageError{Source: shown, Problem: ImageFileUnreadable, Err: err}
	}
	if len(data) > MaxImageBytes {
		return nil, &LimitError{What: "image file", Limit: MaxImageBytes}
	}
	return data, nil
}
