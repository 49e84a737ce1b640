package cli

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/internal/testenv"
)

// `parley demo --check` sets up a detached sandbox with the demo friends,
// reads a friend's profile as the fresh trial account, sees a friend's
// presence and prints the SDK response; a second run reuses the friends.
func TestDemoCheck(t *testing.T) {
	testenv.RequireProsody(t)
	isolate(t)
	dir, err := sandbox.DefaultDir()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := sandbox.StopDir(dir); err != nil && !errors.Is(err, sandbox.ErrNotRunning) {
			t.Errorf("stop the demo sandbox: %v", err)
		}
	})
	port := strconv.Itoa(testenv.FreePort(t))

	var first string
	for i, args := range [][]string{
		{"demo", "--check", "--port", port, "--pace", "300ms"},
		{"demo", "--check", "--port", port},
	} {
		r := run(t, "", args...)
		if r.code != 0 || r.resp.StatusCode != 200 {
			t.Fatalf("run %d: %d %s", i, r.code, r.out)
		}
		var d struct {
			Sandbox   struct{ Addr string }
			Presenter struct{ JID string }
			Friends   []struct{ JID, Nickname string }
			Profile   struct {
				JID, Nickname, Email, MobileNumber, AvatarID string
				AvatarBytes                                  int
			}
			Presence struct{ From, Availability string }
		}
		if err := json.Unmarshal(r.resp.Data, &d); err != nil {
			t.Fatal(err)
		}
		if d.Sandbox.Addr != "127.0.0.1:"+port || !strings.HasPrefix(d.Presenter.JID, "guest") || len(d.Friends) < 4 {
			t.Fatalf("run %d: %s", i, r.resp.Data)
		}
		if d.Profile.JID != d.Friends[0].JID || d.Profile.Email == "" || d.Profile.MobileNumber == "" || d.Profile.AvatarID == "" || d.Profile.AvatarBytes == 0 {
			t.Fatalf("run %d: incomplete profile %s", i, r.resp.Data)
		}
		if d.Presence.From == "" || d.Presence.Availability == "" {
			t.Fatalf("run %d: no presence %s", i, r.resp.Data)
		}
		if i == 0 {
			first = d.Presenter.JID
		} else if d.Presenter.JID == first {
			t.Fatalf("the second run reused the trial account %s", first)
		}
	}

	t.Run("bad pace is 400", func(t *testing.T) {
		r := run(t, "", "demo", "--check", "--pace", "0s")
		if r.code != 1 || r.resp.StatusCode != 400 {
			t.Fatalf("%d %s", r.code, r.out)
		}
	})
}
