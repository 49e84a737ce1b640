package app

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/profile"
)

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// An image URL is downloaded once and handed to the session loaded.
func TestSaveProfileLoadsTheImageOnce(t *testing.T) {
	data := pngBytes(t)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(data)
	}))
	defer srv.Close()

	a, _ := newTestApp(t, Given{}, t.TempDir())
	s := &fakeSession{jid: "alice@example.org"}
	if _, err := a.SaveProfile(context.Background(), s, profile.Update{Nickname: "Alice", Image: srv.URL + "/a.png"}); err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 1 || len(s.updates) != 1 {
		t.Fatalf("%d downloads, %d updates", hits.Load(), len(s.updates))
	}
	u := s.updates[0]
	if u.Avatar == nil || u.Avatar.ID != profile.AvatarID(u.Avatar.Data) || len(u.Avatar.Data) == 0 {
		t.Fatalf("the session got no loaded avatar: %+v", u.Avatar)
	}
	// The address comes along, for the session to publish only when asked.
	if u.PublishURL || u.Avatar.Origin == nil || u.Avatar.Origin.URL != srv.URL+"/a.png" || u.PublishedAvatar(*u.Avatar).URL != "" {
		t.Fatalf("publish URL %v, origin %+v", u.PublishURL, u.Avatar.Origin)
	}
}

// --publish-url reaches the update; without a URL image it is refused
// before anything is loaded or sent.
func TestEditProfilePublishURL(t *testing.T) {
	if u := Merge(profile.Profile{}, map[string]string{profile.FieldImage: "https://x.org/a.png", FieldPublishURL: ""}); !u.PublishURL {
		t.Fatalf("merged %+v", u)
	}
	if u := Merge(profile.Profile{}, map[string]string{profile.FieldImage: "https://x.org/a.png"}); u.PublishURL {
		t.Fatalf("published without being asked: %+v", u)
	}
	a, _ := newTestApp(t, Given{}, t.TempDir())
	s := &fakeSession{jid: "alice@example.org", current: profile.Profile{Nickname: "Alice"}}
	_, err := a.EditProfile(context.Background(), s, map[string]string{FieldPublishURL: ""})
	var ve *profile.ValidationError
	if !errors.As(err, &ve) || ve.Field(profile.FieldImage) == "" || errtext.Code(err) != errtext.BadRequest || len(s.updates) != 0 {
		t.Fatalf("--publish-url without an image URL: %v, %d updates", err, len(s.updates))
	}
}

func TestSaveProfileStepErrors(t *testing.T) {
	a, _ := newTestApp(t, Given{}, t.TempDir())
	s := &fakeSession{jid: "alice@example.org"}
	_, err := a.SaveProfile(context.Background(), s, profile.Update{Nickname: "Alice", Email: "not an email"})
	var se *SaveError
	if !errors.As(err, &se) || se.Step != StepCheck || errtext.Code(err) != errtext.BadRequest || len(s.updates) != 0 {
		t.Fatalf("invalid email: %v (code %d), %d updates", err, errtext.Code(err), len(s.updates))
	}
	notImage := filepath.Join(t.TempDir(), "not-an-image.png")
	if err := os.WriteFile(notImage, []byte("plain text"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = a.SaveProfile(context.Background(), s, profile.Update{Nickname: "Alice", Image: notImage})
	if !errors.As(err, &se) || se.Step != StepLoadImage || len(s.updates) != 0 {
		t.Fatalf("missing image: %v, %d updates", err, len(s.updates))
	}
}

// Fields not given keep their published value; an absent image keeps the
// avatar.
func TestEditProfileKeepsFieldsNotGiven(t *testing.T) {
	a, _ := newTestApp(t, Given{}, t.TempDir())
	s := &fakeSession{jid: "alice@example.org", current: profile.Profile{
		Nickname: "Alice", Status: "busy", MobileNumber: "+445551234567", Email: "alice@example.org"}}
	p, err := a.EditProfile(context.Background(), s, map[string]string{profile.FieldStatus: "free"})
	if err != nil {
		t.Fatal(err)
	}
	want := profile.Update{Nickname: "Alice", Status: "free", MobileNumber: "+445551234567", Email: "alice@example.org"}
	if got := s.updates[0]; got != want || p.Status != "free" {
		t.Fatalf("update %+v, want %+v", got, want)
	}

	// No profile published yet (404): the given fields alone.
	s = &fakeSession{jid: "bob@example.org", getErr: errtext.New(errtext.NotFound, "No profile.")}
	if _, err := a.EditProfile(context.Background(), s, map[string]string{profile.FieldNickname: "Bob"}); err != nil {
		t.Fatal(err)
	}
	if got := s.updates[0]; got != (profile.Update{Nickname: "Bob"}) {
		t.Fatalf("update %+v", got)
	}

	// Another failure to read stops the save.
	s = &fakeSession{jid: "carol@example.org", getErr: errtext.New(errtext.Unavailable, "Offline.")}
	_, err = a.EditProfile(context.Background(), s, map[string]string{profile.FieldNickname: "Carol"})
	var se *SaveError
	if !errors.As(err, &se) || se.Step != StepRead || len(s.updates) != 0 {
		t.Fatalf("read failure: %v, %d updates", err, len(s.updates))
	}
}
