package xmppclient_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
)

// busyJPEG is a w×h JPEG of random 2×2 blocks: at 192 pixels it is too
// busy for a PNG within the avatar's byte budget, so the avatar is a JPEG.
func busyJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(5, 6))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y += 2 {
		for x := 0; x < w; x += 2 {
			c := [3]uint8{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256))}
			for _, p := range [][2]int{{x, y}, {x + 1, y}, {x, y + 1}, {x + 1, y + 1}} {
				i := img.PixOffset(p[0], p[1])
				copy(img.Pix[i:i+4], []byte{c[0], c[1], c[2], 255})
			}
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// An image given by URL is downloaded and published as data. The address
// (which may carry a token) reaches contacts only when the user asks
// (PublishURL): then as a second metadata <info/> describing the image
// at the URL, and as the vCard4 photo. vcard-temp, as each server builds
// it from the avatar, carries the data (BINVAL) with its real type, never
// the URL.
func TestProfileImageFromURL(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		ctx := testenv.Context(t, time.Minute)
		a, _, b, _ := friends(t, srv)
		served := busyJPEG(t, 400, 300)
		web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/jpeg")
			_, _ = w.Write(served)
		}))
		defer web.Close()
		url := web.URL + "/me.jpg?token=secret"

		check := func(t *testing.T, p profile.Profile, wantURL string) {
			t.Helper()
			if p.Avatar.Type != "image/jpeg" || p.Avatar.Width != 192 || p.Avatar.Height != 144 || len(p.Avatar.Data) > profile.MaxAvatarBytes || p.Avatar.URL != wantURL {
				t.Fatalf("published avatar %s %d×%d, %d bytes, URL %q; want a JPEG within the budget, URL %q",
					p.Avatar.Type, p.Avatar.Width, p.Avatar.Height, len(p.Avatar.Data), p.Avatar.URL, wantURL)
			}
			_, meta, err := b.FetchLatest(ctx, a.Account(), profile.NodeAvatarMetadata)
			if err != nil {
				t.Fatal(err)
			}
			_, vcard, err := b.FetchLatest(ctx, a.Account(), profile.NodeVCard4)
			if err != nil {
				t.Fatal(err)
			}
			token := strings.Contains(string(meta), "token=secret") || strings.Contains(string(vcard), "token=secret")
			if token != (wantURL != "") {
				t.Fatalf("the URL in what contacts read: %v, want %v\nmetadata %s\nvCard4 %s", token, wantURL != "", meta, vcard)
			}
			seen, err := b.GetProfile(ctx, a.Account())
			if err != nil {
				t.Fatal(err)
			}
			if seen.Avatar.ID != p.Avatar.ID || seen.Avatar.URL != wantURL || !bytes.Equal(avatarBytes(seen.Avatar), avatarBytes(p.Avatar)) {
				t.Fatalf("the contact reads avatar %s, URL %q; want %s, %q", seen.Avatar.ID, seen.Avatar.URL, p.Avatar.ID, wantURL)
			}
			vt, err := b.VCardTemp(ctx, a.Account())
			if err != nil {
				t.Fatal(err)
			}
			if vt.Avatar.ID != p.Avatar.ID || vt.Avatar.Type != "image/jpeg" || vt.Avatar.URL != "" {
				t.Fatalf("vcard-temp photo %s of type %q, EXTVAL %q; want BINVAL %s of type image/jpeg", vt.Avatar.ID, vt.Avatar.Type, vt.Avatar.URL, p.Avatar.ID)
			}
		}

		t.Run("not asked", func(t *testing.T) {
			p, err := a.UpdateProfile(ctx, profile.Update{Nickname: "Url", Image: url})
			if err != nil {
				t.Fatal(err)
			}
			check(t, p, "")
		})
		t.Run("asked", func(t *testing.T) {
			p, err := a.UpdateProfile(ctx, profile.Update{Nickname: "Url", Image: url, PublishURL: true})
			if err != nil {
				t.Fatal(err)
			}
			check(t, p, url)
			back, err := a.GetProfile(ctx, "")
			if err != nil || back.Avatar.URL != url {
				t.Fatalf("own profile: URL %q (%v), want %q", back.Avatar.URL, err, url)
			}
		})
	})
}
