package profile

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

var visitor = Sources{NoFiles: true, PublicOnly: true}

// A visitor's image never comes from the server's files, and the answer
// for a file that exists is the answer for one that does not: it tells
// nothing about the server's disk.
func TestVisitorImagesNeverFromFiles(t *testing.T) {
	var msgs []string
	for _, path := range []string{"/etc/passwd", "/no/such/file.png", "testdata"} {
		_, err := LoadImageFrom(context.Background(), path, visitor)
		var se *SourceError
		if !errors.As(err, &se) || !errors.Is(err, ErrSourceRefused) || se.Reason != "file" {
			t.Fatalf("%s: %v", path, err)
		}
		msgs = append(msgs, strings.ReplaceAll(err.Error(), path, "PATH"))
	}
	if msgs[0] != msgs[1] || msgs[1] != msgs[2] {
		t.Fatalf("the answers differ: %q", msgs)
	}
}

// A visitor's URL may not reach the server's own network: not by its
// address, not by a name that resolves there, not by a redirect.
func TestVisitorImagesNeverFromTheServersNetwork(t *testing.T) {
	hits := 0
	local := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer local.Close()
	port := local.URL[strings.LastIndex(local.URL, ":")+1:]
	for _, u := range []string{local.URL + "/a.png", "http://localhost:" + port + "/a.png", "http://[::1]:" + port + "/a.png", "http://10.0.0.1:" + port + "/a.png"} {
		_, err := LoadImageFrom(context.Background(), u, visitor)
		var se *SourceError
		if !errors.As(err, &se) || se.Reason != "address" {
			t.Fatalf("%s: %v", u, err)
		}
	}
	if hits != 0 {
		t.Fatalf("the local server was reached %d times", hits)
	}
	// The user's own UI may fetch from anywhere.
	if _, err := LoadImageFrom(context.Background(), local.URL+"/a.png", Sources{}); err == nil || hits != 1 {
		t.Fatalf("own fetch: %v, %d hits", err, hits)
	}
}

// Redirects are bounded.
func TestImageRedirectsAreBounded(t *testing.T) {
	n := 0
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		http.Redirect(w, r, fmt.Sprintf("%s/%d.png", srv.URL, n), http.StatusFound)
	}))
	defer srv.Close()
	_, err := LoadImage(context.Background(), srv.URL+"/0.png")
	if err == nil || n != maxRedirects || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("after %d requests: %v", n, err)
	}
}
