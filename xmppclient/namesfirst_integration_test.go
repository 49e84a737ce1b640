package xmppclient_test

import (
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// A log-in that takes the nicknames first, the first on a machine and
// the next, still gets the rest of every contact's profile, and then
// follows its changes live: the second presence has told the server of
// the other interests. Without it the status changes below never arrive.
func TestFirstLogInGetsTheRestAfterTheNicknames(t *testing.T) {
	defer xmppclient.SetNamesFirstRoster(1)()
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		ctx := testenv.Context(t, 2*time.Minute)
		aJID, aPW, b := contactOfAnAccount(t, srv, profile.Update{Nickname: "Bea", Status: "first", Image: pngFile(t, t.TempDir(), 32, 32)})

		// The same account on a machine that knows nothing of it.
		cfg := config(srv, aJID, aPW)
		cfg.AvatarCacheDir, cfg.CacheDir = t.TempDir(), t.TempDir()
		fresh := xmppclient.New(cfg)
		events, _ := fresh.Subscribe()
		if err := fresh.Connect(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = fresh.Logout(testenv.Context(t, 5*time.Second)) })
		bea := b.Account()
		waitFor(t, events, 15*time.Second, "the whole profile", profileOf(bea, func(p profile.Profile) bool {
			return p.Nickname == "Bea" && p.Status == "first" && len(avatarBytes(p.Avatar)) > 0
		}))
		if _, err := b.UpdateProfile(ctx, profile.Update{Nickname: "Bea", Status: "second"}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, events, 15*time.Second, "the status change, live", profileOf(bea, func(p profile.Profile) bool {
			return p.Status == "second"
		}))

		// The next log-in on that machine takes the nicknames first too:
		// the list comes from the snapshot, and what changed meanwhile
		// comes after the stage, then changes live again.
		_ = fresh.Logout(ctx)
		if _, err := b.UpdateProfile(ctx, profile.Update{Nickname: "Bea", Status: "third"}); err != nil {
			t.Fatal(err)
		}
		again := xmppclient.New(cfg)
		events, _ = again.Subscribe()
		if err := again.Connect(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = again.Logout(testenv.Context(t, 5*time.Second)) })
		waitFor(t, events, 15*time.Second, "the status changed while away", profileOf(bea, func(p profile.Profile) bool {
			return p.Status == "third" && len(avatarBytes(p.Avatar)) > 0
		}))
		if _, err := b.UpdateProfile(ctx, profile.Update{Nickname: "Bea", Status: "fourth"}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, events, 15*time.Second, "the next status change, live", profileOf(bea, func(p profile.Profile) bool {
			return p.Status == "fourth"
		}))
	})
}

// A stream that breaks inside the names-first stage and is resumed
// (XEP-0198) keeps the presence it had, whose caps announce the
// nickname's interest alone: the resumed stream owes the full presence.
// Without it the contact's status change below never arrives (the
// completion fetch after the stage brings only what was there before).
func TestResumedInsideTheNamesStageAnnouncesTheRest(t *testing.T) {
	defer xmppclient.SetNamesFirstRoster(1)()
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		ctx := testenv.Context(t, 2*time.Minute)
		aJID, aPW, b := contactOfAnAccount(t, srv, profile.Update{Nickname: "Bea", Status: "before"})

		// The same account through a proxy, with the stage held open
		// until the stream has broken.
		defer xmppclient.SetNamesFirstHold(20 * time.Second)()
		p := testenv.NewProxy(t, srv.Addr)
		cfg := config(srv, aJID, aPW)
		cfg.Server, cfg.AvatarCacheDir, cfg.CacheDir = p.Addr, t.TempDir(), t.TempDir()
		cfg.PingInterval, cfg.PingTimeout = 300*time.Millisecond, 700*time.Millisecond
		c := xmppclient.New(cfg)
		events, _ := c.Subscribe()
		if err := c.Connect(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Logout(testenv.Context(t, 5*time.Second)) })
		p.Silence()
		waitFor(t, events, 15*time.Second, "the break noticed", isStatus(xmppclient.StatusDisconnected))
		p.Forward()
		waitFor(t, events, 30*time.Second, "the stream resumed", func(ev xmppclient.Event) bool {
			ce, ok := ev.(xmppclient.ConnectionEvent)
			if ok && ce.Status == xmppclient.StatusConnected && !ce.Resumed {
				t.Fatalf("a fresh session instead of a resumed one: %+v", ce)
			}
			return ok && ce.Status == xmppclient.StatusConnected
		})
		// The stage's end completes the profile by a fetch; only after that
		// is a status change news that a notification alone can bring.
		waitFor(t, events, 20*time.Second, "the profile completed", profileOf(b.Account(), func(p profile.Profile) bool {
			return p.Status == "before"
		}))
		if _, err := b.UpdateProfile(ctx, profile.Update{Nickname: "Bea", Status: "after the break"}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, events, 15*time.Second, "the status change, live", profileOf(b.Account(), func(p profile.Profile) bool {
			return p.Status == "after the break"
		}))
	})
}

// contactOfAnAccount makes an account (logged out again, its JID and
// password returned) and a contact of it that stays online with profile u.
func contactOfAnAccount(t *testing.T, srv *testenv.Server, u profile.Update) (string, string, *xmppclient.Client) {
	t.Helper()
	ctx := testenv.Context(t, time.Minute)
	aJID, aPW := testenv.Account(t, srv)
	a, aEv := connectAs(t, srv, aJID, aPW)
	b, bEv := online(t, srv)
	befriend(t, a, aEv, b, bEv)
	if _, err := b.UpdateProfile(ctx, u); err != nil {
		t.Fatal(err)
	}
	_ = a.Logout(ctx)
	return aJID, aPW, b
}
