package cli

import (
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// block, unblock and blocked; profile set --remove-image; unregister,
// which refuses without --yes and afterwards leaves an account that
// cannot log in and nothing of it on this machine.
func TestBlockRemoveImageUnregister(t *testing.T) {
	srv, flags, me, pw := registered(t, "erin")
	other, _ := testenv.Account(t, srv)
	cmd := func(args ...string) result {
		t.Helper()
		return run(t, pw, append(append(args, "--password-stdin"), flags...)...)
	}
	blocked := func() []string {
		t.Helper()
		r := cmd("blocked")
		var d struct{ Blocked []string }
		if err := json.Unmarshal(r.resp.Data, &d); r.code != 0 || err != nil {
			t.Fatalf("blocked: %s", r.out)
		}
		return d.Blocked
	}

	t.Run("block, blocked, unblock", func(t *testing.T) {
		if r := cmd("block", other); r.code != 0 {
			t.Fatalf("block: %s", r.out)
		}
		if l := blocked(); !slices.Contains(l, other) {
			t.Fatalf("blocked lists %v, want %s", l, other)
		}
		if r := cmd("unblock", other); r.code != 0 {
			t.Fatalf("unblock: %s", r.out)
		}
		if l := blocked(); slices.Contains(l, other) {
			t.Fatalf("blocked still lists %s: %v", other, l)
		}
		if r := cmd("block"); r.code != 1 || r.resp.StatusCode != 400 {
			t.Fatalf("block without a JID: %s", r.out)
		}
	})

	t.Run("profile set --remove-image", func(t *testing.T) {
		img := filepath.Join(t.TempDir(), "a.png")
		f, err := os.Create(img)
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, image.NewRGBA(image.Rect(0, 0, 32, 32))); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if r := cmd("profile", "set", "--name", "Erin", "--image", img); r.code != 0 {
			t.Fatalf("set --image: %s", r.out)
		}
		if r := cmd("profile", "set", "--image", img, "--remove-image"); r.code != 1 || r.resp.StatusCode != 400 {
			t.Fatalf("--image with --remove-image: %s", r.out)
		}
		r := cmd("profile", "set", "--remove-image")
		var p profileData
		_ = json.Unmarshal(r.resp.Data, &p)
		if r.code != 0 || p.Image != "" || p.NickName != "Erin" {
			t.Fatalf("set --remove-image: %s", r.out)
		}
		// What the server now holds: empty metadata, no PHOTO.
		c := xmppclient.New(xmppclient.Config{JID: me, Password: strings.TrimSpace(pw), Server: srv.Addr, CAFile: srv.CAFile, Timeout: 10 * time.Second, Quiet: true})
		ctx := testenv.Context(t, 30*time.Second)
		if err := c.Connect(ctx); err != nil {
			t.Fatal(err)
		}
		defer c.Logout(ctx)
		_, meta, err := c.FetchLatest(ctx, "", profile.NodeAvatarMetadata)
		if _, disabled, derr := profile.DecodeAvatarMetadata(meta); err != nil || derr != nil || !disabled {
			t.Fatalf("avatar metadata %s (%v, %v), want empty", meta, err, derr)
		}
		if vt, err := c.VCardTemp(ctx, me); err != nil || vt.Avatar.Data != nil {
			t.Fatalf("vcard-temp still has a photo (%d bytes, %v)", len(vt.Avatar.Data), err)
		}
	})

	if r := cmd("send", other, "kept", "locally"); r.code != 0 {
		t.Fatalf("send: %s", r.out)
	}
	t.Run("unregister without --yes is 400 and deletes nothing", func(t *testing.T) {
		r := cmd("unregister")
		if r.code != 1 || r.resp.StatusCode != 400 || !strings.Contains(r.resp.Message, "--yes") {
			t.Fatalf("unregister: %s", r.out)
		}
		if r := cmd("whoami"); r.code != 0 {
			t.Fatalf("the account no longer works: %s", r.out)
		}
	})
	t.Run("unregister --yes", func(t *testing.T) {
		if ok, err := history.Exists(me); err != nil || !ok {
			t.Fatalf("no history to remove before unregistering (%v)", err)
		}
		if r := cmd("unregister", "--yes"); r.code != 0 {
			t.Fatalf("unregister --yes: %s", r.out)
		}
		if r := run(t, pw, append([]string{"connect", me, "--password-stdin"}, flags...)...); r.code != 1 || r.resp.StatusCode != 401 {
			t.Fatalf("logging in to the deleted account: %s", r.out)
		}
		store, err := keystore.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, found, err := store.Account(me); err != nil || found {
			t.Fatalf("the account is still saved (%v)", err)
		}
		if ok, err := history.Exists(me); err != nil || ok {
			t.Fatalf("the history is still there (%v)", err)
		}
	})
}
