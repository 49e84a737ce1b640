package app

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// /away TEXT, then a profile save with a new nickname and avatar: the
// contact watching from his own session still sees TEXT, and after a
// log-out the next log-in announces TEXT again (kept in the account).
// Both servers.
func TestPresenceTextKeptAcrossSavesAndLogIns(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		ctx := testenv.Context(t, 2*time.Minute)
		aj, apw := testenv.Account(t, srv)
		bj, bpw := testenv.Account(t, srv)
		first := clientOn(t, srv, "", aj, apw)
		b := clientOn(t, srv, "", bj, bpw)
		bEv, stop := b.Subscribe()
		defer stop()
		mutual(t, first, b)
		if err := first.Logout(ctx); err != nil {
			t.Fatal(err)
		}

		store, err := keystore.OpenWith(keystore.Options{ConfigDir: t.TempDir(), Backend: &memKeyring{m: map[string]string{}}})
		if err != nil {
			t.Fatal(err)
		}
		a := New(Options{Store: store, Given: Given{CAFile: srv.CAFile}, AvatarCacheDir: t.TempDir(), NoHistory: true})
		login := func() Session {
			t.Helper()
			s, err := a.Login(ctx, LoginRequest{JID: aj, Password: apw, Server: srv.Addr})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		s := login()
		const text = "testing presence text"
		if err := a.SetPresence(ctx, s, xmppclient.ShowAway, text); err != nil {
			t.Fatal(err)
		}
		waitPresence(t, bEv, aj, "the away presence", func(pe xmppclient.PresenceEvent) bool {
			return pe.Show == xmppclient.ShowAway && pe.StatusText == text
		})
		u := profile.Update{Nickname: "X", Status: "Scripting", Image: pngPath(t)}
		if _, err := a.SaveProfile(ctx, s, u); err != nil {
			t.Fatal(err)
		}
		waitPresence(t, bEv, aj, "the presence with the new avatar", func(pe xmppclient.PresenceEvent) bool {
			if !pe.HasPhotoUpdate || pe.PhotoHash == "" {
				return false
			}
			if pe.Show != xmppclient.ShowAway || pe.StatusText != text {
				t.Fatalf("the save replaced the presence: %+v", pe)
			}
			return true
		})
		if show, st := s.OwnPresence(); show != xmppclient.ShowAway || st != text {
			t.Fatalf("the header would show %s %q", show, st)
		}
		if err := a.Logout(ctx, s); err != nil {
			t.Fatal(err)
		}
		waitPresence(t, bEv, aj, "the log-out", func(pe xmppclient.PresenceEvent) bool { return pe.Show == xmppclient.ShowOffline })
		s = login()
		defer func() { _ = a.Logout(ctx, s) }()
		waitPresence(t, bEv, aj, "the next log-in's presence", func(pe xmppclient.PresenceEvent) bool {
			if pe.Show == xmppclient.ShowOffline {
				return false
			}
			if pe.Show != xmppclient.ShowAway || pe.StatusText != text {
				t.Fatalf("the next log-in announced %+v", pe)
			}
			return true
		})
	})
}

// waitPresence waits up to 10 s for a presence event of from that match
// accepts.
func waitPresence(t *testing.T, events <-chan xmppclient.Event, from, what string, match func(xmppclient.PresenceEvent) bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev := <-events:
			if pe, ok := ev.(xmppclient.PresenceEvent); ok && pe.From == from && match(pe) {
				return
			}
		case <-deadline:
			t.Fatalf("the contact saw no %s of %s", what, from)
		}
	}
}

// pngPath writes a small PNG and returns its path.
func pngPath(t *testing.T) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 32, 32))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	img.Set(0, 0, color.NRGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "me.png")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
