package xmppclient_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// pngFile writes a w×h PNG into dir and returns its path.
func pngFile(t *testing.T, dir string, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 200, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "avatar.png")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func profileEvent(jid string, match func(profile.Profile) bool) func(xmppclient.Event) bool {
	return func(ev xmppclient.Event) bool {
		pe, ok := ev.(xmppclient.ProfileEvent)
		return ok && pe.Profile.JID == jid && match(pe.Profile)
	}
}

func TestProfileRoundTrip(t *testing.T) {
	testenv.EachServer(t, testProfileRoundTrip)
}

func testProfileRoundTrip(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, 2*time.Minute)
	a, _, b, bEv := friends(t, srv)

	img := pngFile(t, t.TempDir(), 640, 320)
	u := profile.Update{Nickname: "Alice Ångström", Image: img, Status: "Out hiking 🏔", MobileNumber: "+44 20-7946 0958", Email: "alice@example.org"}
	start := time.Now()
	got, err := a.UpdateProfile(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if got.MobileNumber != u.MobileNumber || got.Avatar.Width != 192 || got.Avatar.Height != 96 || got.Avatar.Type != "image/png" {
		t.Fatalf("published profile %+v", got)
	}

	// The contact hears about it live, with the full profile. The number
	// comes as typed from the vCard4; an event before the vCard4 was
	// published may carry the server's vcard-temp conversion of it
	// (normalised), so the last event is the one to check.
	ev := waitFor(t, bEv, 5*time.Second, "profile event at the contact", profileEvent(a.Account(), func(p profile.Profile) bool {
		return p.Nickname == u.Nickname && p.Avatar.ID == got.Avatar.ID && p.MobileNumber == u.MobileNumber
	}))
	t.Logf("contact saw the update %v after UpdateProfile started", time.Since(start))
	live := ev.(xmppclient.ProfileEvent).Profile
	if live.Status != u.Status || live.Email != u.Email || live.MobileNumber != u.MobileNumber || len(avatarBytes(live.Avatar)) == 0 {
		t.Fatalf("live profile %+v", live)
	}

	check := func(t *testing.T, p profile.Profile) {
		t.Helper()
		if p.JID != a.Account() || p.Nickname != u.Nickname || p.Status != u.Status || p.MobileNumber != u.MobileNumber || p.Email != u.Email {
			t.Fatalf("profile %+v", p)
		}
		if p.Avatar.ID != got.Avatar.ID || !bytes.Equal(avatarBytes(p.Avatar), got.Avatar.Data) || p.Avatar.Path == "" {
			t.Fatalf("avatar %+v (want id %s)", p.Avatar, got.Avatar.ID)
		}
	}
	t.Run("read back as the user", func(t *testing.T) {
		p, err := a.GetProfile(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		check(t, p)
	})
	t.Run("read back as the contact", func(t *testing.T) {
		p, err := b.GetProfile(ctx, a.Account())
		if err != nil {
			t.Fatal(err)
		}
		check(t, p)
	})
	t.Run("vcard-temp readers see it", func(t *testing.T) {
		// A vcard-temp-only client asks with an XEP-0054 IQ; Parley's own
		// fallback path is the same request. Prosody answers from the PEP
		// nodes (mod_vcard_legacy converts); ejabberd converts nothing, so
		// the answer is the vcard-temp Parley wrote next to its PEP nodes.
		// TestVCardTempInterop reads it raw and covers the other direction.
		p, err := b.VCardTemp(ctx, a.Account())
		if err != nil {
			t.Fatal(err)
		}
		if p.Nickname != u.Nickname {
			t.Fatalf("vcard-temp nickname %q", p.Nickname)
		}
	})
	// The presence a save sends carries the avatar hash and the presence
	// text, not the profile's status: TestPresenceTextSurvivesProfileSaves.
	t.Run("stranger", func(t *testing.T) {
		stranger, _ := online(t, srv)
		_, err := stranger.GetProfile(ctx, a.Account())
		if c := errtext.Code(err); c != errtext.Forbidden && c != errtext.NotFound {
			t.Fatalf("stranger got code %d (%v), want 403 or 404", c, err)
		}
	})
	t.Run("nothing published is 404", func(t *testing.T) {
		_, err := a.GetProfile(ctx, b.Account())
		if errtext.Code(err) != errtext.NotFound {
			t.Fatalf("code %d (%v), want 404", errtext.Code(err), err)
		}
	})
	t.Run("an update without an image keeps the avatar", func(t *testing.T) {
		u2 := u
		u2.Image, u2.Nickname = "", "Alice B."
		p, err := a.UpdateProfile(ctx, u2)
		if err != nil {
			t.Fatal(err)
		}
		if p.Avatar.ID != got.Avatar.ID {
			t.Fatalf("avatar changed to %q", p.Avatar.ID)
		}
		waitFor(t, bEv, 5*time.Second, "nickname change at the contact", profileEvent(a.Account(), func(p profile.Profile) bool {
			return p.Nickname == "Alice B." && p.Avatar.ID == got.Avatar.ID
		}))
	})
}

func TestProfileSecondSession(t *testing.T) {
	testenv.EachServer(t, testProfileSecondSession)
}

func testProfileSecondSession(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, time.Minute)
	j, pw := testenv.Account(t, srv)
	first, _ := connectAs(t, srv, j, pw)
	_, secondEv := connectAs(t, srv, j, pw)
	u := profile.Update{Nickname: "Twin", Status: "here", MobileNumber: "5551234567", Email: "twin@example.org"}
	if _, err := first.UpdateProfile(ctx, u); err != nil {
		t.Fatal(err)
	}
	waitFor(t, secondEv, 5*time.Second, "own update at the second session", profileEvent(j, func(p profile.Profile) bool {
		return p.Nickname == "Twin" && p.Email == u.Email
	}))
}

func TestProfileBadInputPublishesNothing(t *testing.T) {
	testenv.EachServer(t, testProfileBadInputPublishesNothing)
}

func testProfileBadInputPublishesNothing(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, time.Minute)
	a, _ := online(t, srv)
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/page.html":
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html><body>not an image</body></html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer web.Close()
	big := filepath.Join(t.TempDir(), "big.png")
	if err := os.WriteFile(big, make([]byte, 20<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	good := profile.Update{Nickname: "Ok", Status: "s", MobileNumber: "+15551234567", Email: "ok@example.org"}
	cases := []struct {
		name string
		edit func(*profile.Update)
		code int
	}{
		{"invalid email", func(u *profile.Update) { u.Email = "Bob <bob@example.org>" }, errtext.BadRequest},
		{"invalid mobile", func(u *profile.Update) { u.MobileNumber = "12ab" }, errtext.BadRequest},
		{"invalid nickname", func(u *profile.Update) { u.Nickname = "" }, errtext.BadRequest},
		{"nickname with a control character", func(u *profile.Update) { u.Nickname = "a\x1b[31mb" }, errtext.BadRequest},
		{"status too long", func(u *profile.Update) { u.Status = strings.Repeat("x", 141) }, errtext.BadRequest},
		{"20 MiB file", func(u *profile.Update) { u.Image = big }, errtext.TooLarge},
		{"URL that 404s", func(u *profile.Update) { u.Image = web.URL + "/missing.png" }, errtext.NotFound},
		{"URL that serves HTML", func(u *profile.Update) { u.Image = web.URL + "/page.html" }, errtext.BadRequest},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := good
			tc.edit(&u)
			_, err := a.UpdateProfile(ctx, u)
			if errtext.Code(err) != tc.code {
				t.Fatalf("code %d (%v), want %d", errtext.Code(err), err, tc.code)
			}
		})
	}
	// Nothing of any of these reached the server.
	if _, err := a.GetProfile(ctx, ""); errtext.Code(err) != errtext.NotFound {
		t.Fatalf("after only bad updates, own profile: %v (want 404)", err)
	}
}

func TestHostileNicknameArrivesSanitised(t *testing.T) {
	testenv.EachServer(t, testHostileNicknameArrivesSanitised)
}

func testHostileNicknameArrivesSanitised(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, time.Minute)
	a, _, _, bEv := friends(t, srv)
	// A hostile client publishes raw: Parley's own validation would refuse
	// this nickname, so go around it.
	evil := "\x1b]0;owned\x07\x1b[31mMallory\u202e"
	if err := a.Publish(ctx, profile.NodeNickname, "current", profile.EncodeNickname(evil), xmppclient.PublishOptions{}); err != nil {
		t.Fatal(err)
	}
	ev := waitFor(t, bEv, 5*time.Second, "hostile nickname event", profileEvent(a.Account(), func(profile.Profile) bool { return true }))
	nick := ev.(xmppclient.ProfileEvent).Profile.Nickname
	if strings.ContainsAny(nick, "\x1b\x07\u202e") || !strings.Contains(nick, "Mallory") {
		t.Fatalf("nickname arrived as %q", nick)
	}
}
