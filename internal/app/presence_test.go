package app

import (
	"context"
	"testing"

	"github.com/parley-im/parley/xmppclient"
)

// The presence the user chose is kept in the account and announced by
// the next log-in; online is kept as no show at all.
func TestPresenceChoiceOutlivesTheSession(t *testing.T) {
	ctx := context.Background()
	a, d := newTestApp(t, Given{}, t.TempDir())
	const jid = "alice@example.org"
	s, err := a.Login(ctx, LoginRequest{JID: jid, Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	if d.configs[0].Show != "" || d.configs[0].StatusText != "" {
		t.Fatalf("a first log-in announced %q %q", d.configs[0].Show, d.configs[0].StatusText)
	}
	if err := a.SetPresence(ctx, s, xmppclient.ShowAway, "testing presence text"); err != nil {
		t.Fatal(err)
	}
	if fs := s.(*fakeSession); fs.show != xmppclient.ShowAway || fs.text != "testing presence text" {
		t.Fatalf("the session was told %q %q", fs.show, fs.text)
	}
	if _, err := a.Login(ctx, LoginRequest{JID: jid, Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	if c := d.configs[1]; c.Show != xmppclient.ShowAway || c.StatusText != "testing presence text" {
		t.Fatalf("the next log-in announces %q %q", c.Show, c.StatusText)
	}
	if err := a.SetPresence(ctx, s, xmppclient.ShowOnline, ""); err != nil {
		t.Fatal(err)
	}
	acc, _, _ := a.opts.Store.Account(jid)
	if acc.PresenceShow != "" || acc.PresenceText != "" {
		t.Fatalf("online is kept as %q %q", acc.PresenceShow, acc.PresenceText)
	}
}

// --share-idle off is kept with the account by a log-in that saves it,
// holds for later log-ins without the flag, and the UI's toggle changes
// it for the session and the account.
func TestShareIdleSetting(t *testing.T) {
	ctx := context.Background()
	const jid = "alice@example.org"
	off, d := newTestApp(t, Given{ShareIdle: "off"}, t.TempDir())
	if _, err := off.Login(ctx, LoginRequest{JID: jid, Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	if !d.configs[0].HideIdle {
		t.Fatal("--share-idle off: the log-in shares the idle time")
	}
	plain := New(Options{Store: off.opts.Store})
	plain.connect = d.connect
	s, err := plain.Login(ctx, LoginRequest{JID: jid, Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	if !d.configs[1].HideIdle {
		t.Fatal("the saved --share-idle off was not kept")
	}
	if err := plain.SetShareIdle(s, true); err != nil {
		t.Fatal(err)
	}
	if s.(*fakeSession).hideIdle {
		t.Fatal("SetShareIdle(true) did not reach the session")
	}
	if _, err := plain.Login(ctx, LoginRequest{JID: jid, Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	if d.configs[2].HideIdle {
		t.Fatal("the toggle was not saved with the account")
	}
}
