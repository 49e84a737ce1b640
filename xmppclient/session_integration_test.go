package xmppclient_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

func TestRegister(t *testing.T) {
	testenv.EachServer(t, testRegister)
}

// testRegister registers names with a random part: the ejabberd may be
// shared with other tests, and with -count=2 with this test's earlier run.
func testRegister(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, time.Minute)
	cfg := config(srv, srv.Domain, "")

	t.Run("new account, then log in with the result", func(t *testing.T) {
		name := uniqueName(t, "Alice")
		res, err := xmppclient.Register(ctx, cfg, name, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.ToLower(name)
		if res.Username != want || res.UserJID != want+"@"+srv.Domain || len(res.Password) < 24 || res.IsProfileUpdated || res.IsSandbox {
			t.Fatalf("unexpected result %+v", res)
		}
		c := xmppclient.New(config(srv, res.UserJID, res.Password))
		if err := c.Connect(ctx); err != nil {
			t.Fatalf("login with registered credentials: %v", err)
		}
		_ = c.Logout(ctx)
	})
	t.Run("duplicate is 409", func(t *testing.T) {
		name := uniqueName(t, "bob")
		if _, err := xmppclient.Register(ctx, cfg, name, nil); err != nil {
			t.Fatal(err)
		}
		_, err := xmppclient.Register(ctx, cfg, strings.ToUpper(name), nil)
		if errtext.Code(err) != errtext.Conflict {
			t.Fatalf("second registration: code %d (%v), want 409", errtext.Code(err), err)
		}
	})
	t.Run("invalid identifier is 400 with nothing sent", func(t *testing.T) {
		// Nothing listens at this address: a 400 proves nothing was dialled.
		bad := cfg
		bad.Server = "127.0.0.1:1"
		for _, id := range []string{"", "with space", "dash-ed", "ümlaut", strings.Repeat("a", 65)} {
			_, err := xmppclient.Register(ctx, bad, id, nil)
			if errtext.Code(err) != errtext.BadRequest {
				t.Errorf("identifier %q: code %d (%v), want 400", id, errtext.Code(err), err)
			}
		}
	})
	t.Run("four metadata pairs are 400", func(t *testing.T) {
		meta := []xmppclient.Meta{{"a", "1"}, {"b", true}, {"c", 3.5}, {"d", "x"}}
		_, err := xmppclient.Register(ctx, cfg, uniqueName(t, "carol"), meta)
		if errtext.Code(err) != errtext.BadRequest {
			t.Fatalf("code %d (%v), want 400", errtext.Code(err), err)
		}
	})
	t.Run("metadata is readable back", func(t *testing.T) {
		meta := []xmppclient.Meta{{"plan", "trial"}, {"beta", true}, {"seats", float64(3)}}
		res, err := xmppclient.Register(ctx, cfg, uniqueName(t, "dave"), meta)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := connectAs(t, srv, res.UserJID, res.Password)
		got, err := c.Metadata(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]any{"plan": "trial", "beta": true, "seats": float64(3)}
		if len(got) != len(want) {
			t.Fatalf("got %v, want %v", got, want)
		}
		for _, m := range got {
			if want[m.Key] != m.Value {
				t.Errorf("%s = %#v, want %#v", m.Key, m.Value, want[m.Key])
			}
		}
	})
}

// Prosody with registration off does not offer the stream feature;
// ejabberd with its register access rule denying offers it and answers
// the registration with an error. Both are a 403.
func TestRegisterClosed(t *testing.T) {
	testenv.EachServerWith(t, testenv.ServerOptions{ClosedRegistration: true}, func(t *testing.T, srv *testenv.Server) {
		ctx := testenv.Context(t, time.Minute)
		_, err := xmppclient.Register(ctx, config(srv, srv.Domain, ""), uniqueName(t, "erin"), nil)
		if errtext.Code(err) != errtext.Forbidden {
			t.Fatalf("code %d (%v), want 403", errtext.Code(err), err)
		}
	})
}

func TestConnect(t *testing.T) {
	testenv.EachServer(t, testConnect)
}

func testConnect(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, time.Minute)
	j, pw := testenv.Account(t, srv)

	t.Run("good credentials, whoami", func(t *testing.T) {
		c, events := connectAs(t, srv, j, pw)
		waitFor(t, events, 5*time.Second, "CONNECTED", isStatus(xmppclient.StatusConnected))
		full := c.CurrentJID()
		if !strings.HasPrefix(full, j+"/") {
			t.Fatalf("CurrentJID %q is not a full JID of %s", full, j)
		}
	})
	t.Run("wrong password is 401 and no retry", func(t *testing.T) {
		c := xmppclient.New(config(srv, j, pw+"x"))
		events, stop := c.Subscribe()
		defer stop()
		err := c.Connect(ctx)
		if errtext.Code(err) != errtext.Unauthorized {
			t.Fatalf("code %d (%v), want 401", errtext.Code(err), err)
		}
		waitFor(t, events, time.Second, "CONNECTIONFAILED", isStatus(xmppclient.StatusConnectionFailed))
		if c.Status() != xmppclient.StatusConnectionFailed {
			t.Fatalf("status %s", c.Status())
		}
		// Nothing retries: a retry announces itself with RECONNECTING (and
		// only then waits its backoff), which Logout would let through
		// before it closes the event stream.
		_ = c.Logout(ctx)
		for ev := range events {
			if ce, ok := ev.(xmppclient.ConnectionEvent); ok && ce.Status == xmppclient.StatusReconnecting {
				t.Fatalf("a retry started after a wrong password")
			}
		}
	})
	t.Run("nothing listening is 503", func(t *testing.T) {
		cfg := config(srv, j, pw)
		cfg.Server = "127.0.0.1:" + freeClosedPort(t)
		err := xmppclient.New(cfg).Connect(ctx)
		if errtext.Code(err) != errtext.Unavailable {
			t.Fatalf("code %d (%v), want 503", errtext.Code(err), err)
		}
	})
	t.Run("untrusted certificate is 503 and says so", func(t *testing.T) {
		cfg := config(srv, j, pw)
		cfg.CAFile = ""
		err := xmppclient.New(cfg).Connect(ctx)
		if errtext.Code(err) != errtext.Unavailable || !strings.Contains(errtext.Message(err), "certificate") {
			t.Fatalf("code %d, message %q; want 503 naming the certificate", errtext.Code(err), errtext.Message(err))
		}
	})
	t.Run("bad JID is 400", func(t *testing.T) {
		err := xmppclient.New(config(srv, "not a jid", pw)).Connect(ctx)
		if errtext.Code(err) != errtext.BadRequest {
			t.Fatalf("code %d (%v), want 400", errtext.Code(err), err)
		}
	})
	t.Run("logout", func(t *testing.T) {
		c := xmppclient.New(config(srv, j, pw))
		events, _ := c.Subscribe()
		if err := c.Connect(ctx); err != nil {
			t.Fatal(err)
		}
		if err := c.Logout(ctx); err != nil {
			t.Fatal(err)
		}
		if c.Status() != xmppclient.StatusDisconnected {
			t.Fatalf("status after logout: %s", c.Status())
		}
		last := xmppclient.Status("")
		for ev := range events { // closed by Logout
			if ce, ok := ev.(xmppclient.ConnectionEvent); ok {
				last = ce.Status
			}
		}
		if last != xmppclient.StatusDisconnected {
			t.Fatalf("last connection event %s, want DISCONNECTED", last)
		}
		if err := c.AddContact(ctx, "x@"+srv.Domain, ""); errtext.Code(err) != errtext.Unavailable {
			t.Fatalf("operation after logout: %v", err)
		}
	})
}

// freeClosedPort returns a port where nothing listens.
func freeClosedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	return port
}

func TestContactsAndLastSeen(t *testing.T) {
	testenv.EachServer(t, testContactsAndLastSeen)
}

func testContactsAndLastSeen(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, time.Minute)
	a, aEv, b, _ := friends(t, srv)

	t.Run("both see each other in the roster", func(t *testing.T) {
		for _, pair := range []struct {
			c    *xmppclient.Client
			peer string
		}{{a, b.Account()}, {b, a.Account()}} {
			found := false
			for _, ct := range pair.c.Contacts() {
				if ct.JID == pair.peer {
					found = true
					if ct.Subscription != "both" || ct.Show != xmppclient.ShowOnline {
						t.Errorf("%s sees %s as %+v", pair.c.Account(), pair.peer, ct)
					}
				}
			}
			if !found {
				t.Errorf("%s has no %s in the roster", pair.c.Account(), pair.peer)
			}
		}
	})
	t.Run("status text travels", func(t *testing.T) {
		if err := b.SetPresence(ctx, xmppclient.ShowAway, "lunch"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, aEv, 5*time.Second, "away presence", func(ev xmppclient.Event) bool {
			pe, ok := ev.(xmppclient.PresenceEvent)
			return ok && pe.From == b.Account() && pe.Show == xmppclient.ShowAway && pe.StatusText == "lunch"
		})
	})
	t.Run("last seen of an online contact is 0", func(t *testing.T) {
		la, err := a.LastSeen(ctx, b.Account())
		if err != nil {
			t.Fatal(err)
		}
		if la.Seconds != 0 || la.Source != "presence" {
			t.Fatalf("online contact: %d seconds from %q", la.Seconds, la.Source)
		}
	})
	t.Run("last seen of a stranger is 403", func(t *testing.T) {
		stranger, _ := online(t, srv)
		_, err := a.LastSeen(ctx, stranger.Account())
		if errtext.Code(err) != errtext.Forbidden {
			t.Fatalf("code %d (%v), want 403", errtext.Code(err), err)
		}
	})
	t.Run("last seen after going offline is at least the pause and at most the time since logout", func(t *testing.T) {
		loggedOut := time.Now()
		if err := b.Logout(ctx); err != nil {
			t.Fatal(err)
		}
		waitFor(t, aEv, 5*time.Second, "offline presence", presenceFrom(b.Account(), xmppclient.ShowOffline))
		const pause = 2 * time.Second
		time.Sleep(pause) // the thing under test is elapsed time itself
		la, err := a.LastSeen(ctx, b.Account())
		if err != nil {
			t.Fatal(err)
		}
		if la.Source != "server" {
			t.Fatalf("an offline contact's last seen came from %q", la.Source)
		}
		if la.Seconds < int64(pause/time.Second) {
			t.Fatalf("last seen %d s after a %v pause", la.Seconds, pause)
		}
		// The server counts whole seconds from its own view of the logout,
		// which lies between loggedOut and now: one second of rounding.
		if most := int64(time.Since(loggedOut)/time.Second) + 1; la.Seconds > most {
			t.Fatalf("last seen %d s ago, but the logout began only %v ago", la.Seconds, time.Since(loggedOut))
		}
	})
	t.Run("remove contact", func(t *testing.T) {
		if err := a.RemoveContact(ctx, b.Account()); err != nil {
			t.Fatal(err)
		}
		waitFor(t, aEv, 5*time.Second, "roster removal", func(ev xmppclient.Event) bool {
			re, ok := ev.(xmppclient.RosterEvent)
			return ok && re.Removed && re.Contact.JID == b.Account()
		})
		for _, ct := range a.Contacts() {
			if ct.JID == b.Account() {
				t.Fatalf("%s still in the roster", b.Account())
			}
		}
	})
}

func TestRefuseSubscription(t *testing.T) {
	testenv.EachServer(t, testRefuseSubscription)
}

func testRefuseSubscription(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, time.Minute)
	a, aEv := online(t, srv)
	b, bEv := online(t, srv)
	if err := a.AddContact(ctx, b.Account(), ""); err != nil {
		t.Fatal(err)
	}
	waitFor(t, bEv, 10*time.Second, "request", func(ev xmppclient.Event) bool {
		_, ok := ev.(xmppclient.SubscriptionRequestEvent)
		return ok
	})
	if err := b.RefuseSubscription(ctx, a.Account()); err != nil {
		t.Fatal(err)
	}
	// The refusal reaches a as a roster push without a pending ask.
	waitFor(t, aEv, 10*time.Second, "refusal", func(ev xmppclient.Event) bool {
		re, ok := ev.(xmppclient.RosterEvent)
		return ok && re.Contact.JID == b.Account() && re.Contact.Subscription == "none"
	})
	if _, err := a.LastSeen(ctx, b.Account()); errtext.Code(err) != errtext.Forbidden {
		t.Fatalf("last seen after a refusal: %v", err)
	}
}

func TestReconnect(t *testing.T) {
	testenv.EachServerWith(t, testenv.ServerOptions{Private: true}, testReconnect)
}

func testReconnect(t *testing.T, srv *testenv.Server) {
	a, aEv, b, bEv := friends(t, srv)

	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, aEv, 10*time.Second, "DISCONNECTED", isStatus(xmppclient.StatusDisconnected))
	waitFor(t, aEv, 5*time.Second, "RECONNECTING", isStatus(xmppclient.StatusReconnecting))

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	// The server is back: the probe notices it within seconds, well inside
	// the first backoff steps.
	waitFor(t, aEv, 20*time.Second, "CONNECTED", isStatus(xmppclient.StatusConnected))
	waitFor(t, bEv, 20*time.Second, "CONNECTED at b", isStatus(xmppclient.StatusConnected))
	// Presence is restored both ways.
	for _, side := range []struct {
		c    *xmppclient.Client
		peer string
	}{{a, b.Account()}, {b, a.Account()}} {
		testenv.Eventually(t, 10*time.Second, side.peer+" online again at "+side.c.Account(), func() bool {
			ct, ok := side.c.Contact(side.peer)
			return ok && ct.Show == xmppclient.ShowOnline
		})
	}
	if a.Status() != xmppclient.StatusConnected {
		t.Fatalf("status %s", a.Status())
	}
}
