package xmppclient_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"parley/internal/ejabberd"
	"parley/internal/testenv"
	"parley/profile"
	"parley/xmppclient"
)

// ejConfig is the client configuration for an account on an ejabberd.
func ejConfig(srv *ejabberd.Server, jid, password string) xmppclient.Config {
	return xmppclient.Config{JID: jid, Password: password, Server: srv.Addr, CAFile: srv.CAFile, Timeout: 10 * time.Second}
}

// ejConnect logs jid in on srv, subscribed to its events before connecting.
func ejConnect(t *testing.T, srv *ejabberd.Server, jid, password string) (*xmppclient.Client, <-chan xmppclient.Event) {
	t.Helper()
	cfg := ejConfig(srv, jid, password)
	cfg.AvatarCacheDir = t.TempDir()
	if os.Getenv("PARLEY_TEST_LOG") != "" {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	c := xmppclient.New(cfg)
	events, _ := c.Subscribe()
	if err := c.Connect(testenv.Context(t, 30*time.Second)); err != nil {
		t.Fatalf("connect %s: %v", jid, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Logout(ctx)
	})
	return c, events
}

// ejRegister creates an account by in-band registration and logs it in.
func ejRegister(t *testing.T, srv *ejabberd.Server, ctx context.Context, name string) (*xmppclient.Client, <-chan xmppclient.Event) {
	t.Helper()
	res, err := xmppclient.Register(ctx, ejConfig(srv, srv.Domain, ""), name, nil)
	if err != nil {
		t.Fatalf("in-band registration of %s: %v", name, err)
	}
	if res.UserJID != srv.JID(name) {
		t.Fatalf("registered %q, want %q", res.UserJID, srv.JID(name))
	}
	return ejConnect(t, srv, res.UserJID, res.Password)
}

// TestEjabberdProfile runs registration, befriending and the profile round
// trip against ejabberd, which neither pre-approves subscriptions nor
// converts between vcard-temp and vCard4.
func TestEjabberdProfile(t *testing.T) {
	srv := testenv.Ejabberd(t)
	ctx := testenv.Context(t, 2*time.Minute)
	a, aEv := ejRegister(t, srv, ctx, "alice")
	b, bEv := ejRegister(t, srv, ctx, "bob")
	befriend(t, a, aEv, b, bEv)
	// ejabberd sends PEP notifications only to contacts whose +notify caps
	// the publisher's session saw in a presence under the mutual
	// subscription; the client announces itself again when a subscription
	// becomes mutual, so no extra step is needed here.

	img := pngFile(t, t.TempDir(), 640, 320)
	u := profile.Update{Nickname: "Alice Ångström", Image: img, Status: "Out hiking 🏔", MobileNumber: "+44 20-7946 0958", Email: "alice@example.org"}
	got, err := a.UpdateProfile(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if got.MobileNumber != "+442079460958" || got.Avatar.Width != 192 || got.Avatar.Height != 96 || got.Avatar.Type != "image/png" {
		t.Fatalf("published profile %+v", got)
	}

	t.Run("the contact hears it live", func(t *testing.T) {
		waitFor(t, bEv, 5*time.Second, "profile event at the contact", profileEvent(a.Account(), func(p profile.Profile) bool {
			return p.Nickname == u.Nickname && p.Avatar.ID == got.Avatar.ID
		}))
	})
	t.Run("read back as the contact", func(t *testing.T) {
		p, err := b.GetProfile(ctx, a.Account())
		if err != nil {
			t.Fatal(err)
		}
		if p.JID != a.Account() || p.Nickname != u.Nickname || p.Status != u.Status || p.MobileNumber != "+442079460958" || p.Email != u.Email {
			t.Fatalf("profile %+v", p)
		}
		if p.Avatar.ID != got.Avatar.ID || !bytes.Equal(p.Avatar.Data, got.Avatar.Data) {
			t.Fatalf("avatar %+v (want id %s)", p.Avatar, got.Avatar.ID)
		}
	})
	t.Run("vcard-temp readers see it (Parley mirrors, ejabberd does not convert)", func(t *testing.T) {
		p, err := b.VCardTemp(ctx, a.Account())
		if err != nil {
			t.Fatal(err)
		}
		if p.Nickname != u.Nickname {
			t.Fatalf("vcard-temp nickname %q, want %q", p.Nickname, u.Nickname)
		}
	})
}
