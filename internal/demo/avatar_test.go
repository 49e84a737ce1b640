package demo

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

func TestAvatarPNGIsDeterministicAndDistinct(t *testing.T) {
	seen := map[string]string{}
	for _, f := range Cast {
		for v := range 3 {
			data := AvatarPNG(f.User, v)
			if !bytes.Equal(data, AvatarPNG(f.User, v)) {
				t.Fatalf("avatar %s/%d differs between two calls", f.User, v)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("avatar %s/%d is not a PNG: %v", f.User, v, err)
			}
			if b := img.Bounds(); b.Dx() != AvatarSide || b.Dy() != AvatarSide {
				t.Fatalf("avatar %s/%d is %v", f.User, v, b)
			}
			id := profile.AvatarID(data)
			if prev, dup := seen[id]; dup {
				t.Fatalf("avatar %s/%d equals %s", f.User, v, prev)
			}
			seen[id] = f.User
		}
	}
}

func TestWriteAvatarLoadsAsProfileImage(t *testing.T) {
	dir := t.TempDir()
	path, err := writeAvatar(dir, "mira", 2)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(path) != dir {
		t.Fatalf("avatar written to %s, not under %s", path, dir)
	}
	av, err := profile.LoadImage(t.Context(), path)
	if err != nil {
		t.Fatalf("LoadImage(%s): %v", path, err)
	}
	if av.Width != AvatarSide || av.Type != "image/png" || !profile.IsAvatarID(av.ID) {
		t.Fatalf("loaded avatar %dx%d %s id %s", av.Width, av.Height, av.Type, av.ID)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("the avatar directory holds %d files, want 1", len(entries))
	}
}

// Every profile a friend can wear must pass the same validation as a
// user's update, or the bots would fail mid-demo.
func TestCastProfilesAreValid(t *testing.T) {
	users := map[string]bool{}
	for _, f := range Cast {
		if err := xmppclient.ValidateIdentifier(f.User); err != nil {
			t.Errorf("user %q: %v", f.User, err)
		}
		if users[f.User] {
			t.Errorf("user %q twice", f.User)
		}
		users[f.User] = true
		if len(f.Nicknames) < 2 || len(f.Statuses) < 2 || len(f.Replies) == 0 {
			t.Errorf("%s needs at least two nicknames and statuses and one reply", f.User)
		}
		for _, n := range f.Nicknames {
			for _, s := range f.Statuses {
				u := profile.Update{Nickname: n, Status: s, MobileNumber: f.Mobile, Email: f.Email}
				if err := u.Validate(); err != nil {
					t.Errorf("%s wearing %q / %q: %v", f.User, n, s, err)
				}
			}
		}
	}
}
