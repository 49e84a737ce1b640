package profile

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// imageServer serves test images and failures by path.
func imageServer(t *testing.T) *httptest.Server {
	t.Helper()
	pngData := encodePNG(t, testImage(300, 300))
	mux := http.NewServeMux()
	mux.HandleFunc("/avatar.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngData)
	})
	mux.HandleFunc("/untyped", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(pngData)
	})
	mux.HandleFunc("/page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!DOCTYPE html><html><body>not an image</body></html>"))
	})
	mux.HandleFunc("/lying.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("<html>gotcha</html>"))
	})
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "oops", http.StatusInternalServerError)
	})
	mux.HandleFunc("/big-declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Content-Length", "20971520")
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		chunk := make([]byte, 1<<20)
		for range 11 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // never answers; the client gives up
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/avatar.png", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestLoadImageURL(t *testing.T) {
	srv := imageServer(t)
	for _, path := range []string{"/avatar.png", "/untyped", "/redirect"} {
		src := srv.URL + path
		a, err := LoadImage(context.Background(), src)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if a.URL != "" || a.Width != 192 || a.Height != 192 || a.Type != "image/png" || a.ID != AvatarID(a.Data) {
			t.Fatalf("%s: got %+v", path, Avatar{ID: a.ID, Type: a.Type, Width: a.Width, Height: a.Height, URL: a.URL})
		}
		// The address is kept, not published: only PublishURL makes it
		// the avatar's URL, with what the URL served.
		served := encodePNG(t, testImage(300, 300))
		want := Origin{URL: src, ID: AvatarID(served), Type: "image/png", Bytes: len(served), Width: 300, Height: 300}
		if a.Origin == nil || *a.Origin != want {
			t.Fatalf("%s: origin %+v, want %+v", path, a.Origin, want)
		}
		if got := (Update{}).PublishedAvatar(a); got.URL != "" {
			t.Fatalf("%s: published %q without being asked", path, got.URL)
		}
		if got := (Update{PublishURL: true}).PublishedAvatar(a); got.URL != src {
			t.Fatalf("%s: asked to publish the URL, got %q", path, got.URL)
		}
	}
}

func TestLoadImageURLFailures(t *testing.T) {
	srv := imageServer(t)
	tests := []struct {
		path string
		code int
		msg  string
	}{
		{"/missing.png", codeNotFound, "was not found (HTTP 404)"},
		{"/page.html", codeBadRequest, "The URL serves text/html, not an image."},
		{"/lying.png", codeBadRequest, "text/html, not a PNG"},
		{"/broken", codeBadRequest, "HTTP 500 Internal Server Error"},
		{"/big-declared", codeTooLarge, "20 MiB; the limit is 10 MiB"},
		{"/big-chunked", codeTooLarge, "larger than 10 MiB"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			_, err := LoadImage(context.Background(), srv.URL+tc.path)
			wantCode(t, err, tc.code)
			if !strings.Contains(MessageOf(err), tc.msg) {
				t.Fatalf("message %q lacks %q", MessageOf(err), tc.msg)
			}
		})
	}
}

func TestLoadImageURLTimeout(t *testing.T) {
	srv := imageServer(t)
	old := fetchTimeout
	fetchTimeout = 50 * time.Millisecond
	t.Cleanup(func() { fetchTimeout = old })
	_, err := LoadImage(context.Background(), srv.URL+"/slow")
	wantCode(t, err, codeUnavailable)
	if !strings.Contains(MessageOf(err), "did not answer within") {
		t.Fatalf("message %q", MessageOf(err))
	}
}

func TestLoadImageURLCancelled(t *testing.T) {
	srv := imageServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := LoadImage(ctx, srv.URL+"/avatar.png")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled in the chain", err)
	}
	wantCode(t, err, codeInternal)
}

func TestLoadImageURLUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, err = LoadImage(context.Background(), "http://"+addr+"/a.png")
	wantCode(t, err, codeUnavailable)
}

func TestLoadImageURLRefusesCredentials(t *testing.T) {
	_, err := LoadImage(context.Background(), "https://me:secret@example.org/a.png")
	wantCode(t, err, codeBadRequest)
	if strings.Contains(MessageOf(err), "secret") {
		t.Fatalf("message %q shows the password", MessageOf(err))
	}
}
