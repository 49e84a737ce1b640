package profile

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// Sources says where LoadImageFrom may take an image from. The zero value
// is the user's own machine: files and any URL. A serve-ssh visitor is
// someone else on the server's machine: no file of it, and no URL that
// reaches it or its network (loopback, private, link-local addresses).
type Sources struct {
	NoFiles    bool // a path is refused: the files are not the user's
	PublicOnly bool // a URL must resolve to a public address
}

// ErrSourceRefused is wrapped by the error for a source the policy
// refuses.
var ErrSourceRefused = errors.New("image source not allowed here")

// SourceError is an image source the policy refuses.
type SourceError struct {
	Source string // sanitised
	Reason string // "file", "address"
	Err    error
}

func (e *SourceError) Error() string {
	return fmt.Sprintf("image %s: %v (%s)", e.Source, ErrSourceRefused, e.Reason)
}
func (e *SourceError) Unwrap() []error { return []error{ErrSourceRefused, e.Err} }

// LoadImageFrom is LoadImage under a source policy.
func LoadImageFrom(ctx context.Context, src string, s Sources) (Avatar, error) {
	src = strings.TrimSpace(src)
	if s == (Sources{}) || src == "" {
		return LoadImage(ctx, src)
	}
	if !isURL(src) {
		if s.NoFiles {
			return Avatar{}, &SourceError{Source: Sanitize(src), Reason: "file"}
		}
		return LoadImage(ctx, src)
	}
	return loadImageWith(ctx, src, publicClient)
}

// fetchDialTimeout bounds connecting to an image server (the whole
// download has fetchTimeout).
const fetchDialTimeout = 5 * time.Second

// maxRedirects bounds the redirects an image URL may take.
const maxRedirects = 5

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("more than %d redirects", maxRedirects)
	}
	return nil
}

// publicClient fetches only from public addresses: the check is on the
// address actually dialled (after DNS, for every redirect), so a name
// that resolves to 127.0.0.1 is refused too. No proxy: through one the
// dialled address would be the proxy's.
var publicClient = &http.Client{
	Transport: &http.Transport{
		Proxy: nil,
		DialContext: (&net.Dialer{
			Timeout: fetchDialTimeout,
			Control: func(network, address string, _ syscall.RawConn) error {
				host, _, err := net.SplitHostPort(address)
				if err != nil {
					return err
				}
				ip, err := netip.ParseAddr(host)
				if err != nil || !publicAddr(ip) {
					return &SourceError{Source: Sanitize(host), Reason: "address"}
				}
				return nil
			},
		}).DialContext,
		TLSHandshakeTimeout:   fetchDialTimeout,
		ResponseHeaderTimeout: fetchTimeout,
	},
	CheckRedirect: checkRedirect,
}

// publicAddr reports whether ip is on the public internet.
func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsLinkLocalUnicast() &&
		!ip.IsLinkLocalMulticast() && !ip.IsMulticast() && !ip.IsUnspecified() && !ip.IsInterfaceLocalMulticast() &&
		!netip.MustParsePrefix("100.64.0.0/10").Contains(ip) // carrier-grade NAT
}

// sourceRefused finds a SourceError inside an HTTP client's error.
func sourceRefused(err error) *SourceError {
	var se *SourceError
	if errors.As(err, &se) {
		return se
	}
	return nil
}
