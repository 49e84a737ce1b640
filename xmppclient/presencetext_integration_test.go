package xmppclient_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// The presence text is the user's last SetPresence and nothing else: a
// profile save (nickname, status, avatar) never replaces it, and a log-in
// with Config.Show and Config.StatusText announces them. A foreign
// client, subscribed to the user, watches on both servers.
func TestPresenceTextSurvivesProfileSaves(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		ctx := testenv.Context(t, time.Minute)
		aj, apw := testenv.Account(t, srv)
		a, _ := connectAs(t, srv, aj, apw)
		lj, lpw := testenv.Account(t, srv)
		l := legacyLogin(t, srv, lj, lpw)
		befriendLegacy(t, a, l)

		const text = "testing presence text"
		if err := a.SetPresence(ctx, xmppclient.ShowAway, text); err != nil {
			t.Fatal(err)
		}
		l.waitPresence(t, a.CurrentJID(), "the away presence", func(p string) bool {
			return presenceShow(p) == "away" && presenceStatus(p) == text
		})
		if _, err := a.UpdateProfile(ctx, profile.Update{Nickname: "X", Status: "Scripting"}); err != nil {
			t.Fatal(err)
		}
		// The avatar changes the XEP-0153 hash, so this save sends presence.
		img := pngFile(t, t.TempDir(), 64, 64)
		if _, err := a.UpdateProfile(ctx, profile.Update{Nickname: "X", Status: "Scripting", Image: img}); err != nil {
			t.Fatal(err)
		}
		l.waitPresence(t, a.CurrentJID(), "the presence with the new avatar hash", func(p string) bool {
			if !regexp.MustCompile(`<photo xmlns='vcard-temp:x:update'>[0-9a-f]{40}</photo>`).MatchString(p) {
				return false
			}
			if presenceShow(p) != "away" || presenceStatus(p) != text {
				t.Fatalf("a profile save replaced the presence: %s", p)
			}
			return true
		})
		if show, st := a.OwnPresence(); show != xmppclient.ShowAway || st != text {
			t.Fatalf("OwnPresence is %s %q after the saves, want away %q", show, st, text)
		}

		// A new log-in announces the presence its Config carries.
		cfg := config(srv, aj, apw)
		cfg.AvatarCacheDir = t.TempDir()
		cfg.Show, cfg.StatusText = xmppclient.ShowDND, "in a meeting"
		a2 := xmppclient.New(cfg)
		if err := a2.Connect(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = a2.Logout(c)
		})
		l.waitPresence(t, a2.CurrentJID(), "the second session's first presence", func(p string) bool {
			if presenceShow(p) != "dnd" || presenceStatus(p) != "in a meeting" {
				t.Fatalf("the log-in announced %s", p)
			}
			return true
		})
	})
}

// Idle time (XEP-0012 on the full JID) goes to a contact while it is
// shared and is forbidden once it is not, from the start
// (Config.HideIdle) or from SetShareIdle. A foreign client asks, on both
// servers.
func TestIdleTimeSharedOnlyWhenOn(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		aj, apw := testenv.Account(t, srv)
		a, _ := connectAs(t, srv, aj, apw)
		lj, lpw := testenv.Account(t, srv)
		l := legacyLogin(t, srv, lj, lpw)
		befriendLegacy(t, a, l)
		ask := `<query xmlns='jabber:iq:last'/>`
		seconds := regexp.MustCompile(`seconds=['"]\d+['"]`)

		a.MarkActive()
		if reply := l.iq(t, stanza.GetIQ, a.CurrentJID(), ask); isErrorIQ(reply) || !seconds.MatchString(reply) {
			t.Fatalf("idle shared: the contact got\n%s", reply)
		}
		a.SetShareIdle(false)
		if reply := l.iq(t, stanza.GetIQ, a.CurrentJID(), ask); !isErrorIQ(reply) || !strings.Contains(reply, "forbidden") || seconds.MatchString(reply) {
			t.Fatalf("idle not shared: the contact got\n%s", reply)
		}
		a.SetShareIdle(true)
		if reply := l.iq(t, stanza.GetIQ, a.CurrentJID(), ask); isErrorIQ(reply) || !seconds.MatchString(reply) {
			t.Fatalf("idle shared again: the contact got\n%s", reply)
		}

		cfg := config(srv, aj, apw)
		cfg.AvatarCacheDir = t.TempDir()
		cfg.HideIdle = true
		hidden := xmppclient.New(cfg)
		if err := hidden.Connect(testenv.Context(t, 30*time.Second)); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = hidden.Logout(c)
		})
		if reply := l.iq(t, stanza.GetIQ, hidden.CurrentJID(), ask); !isErrorIQ(reply) || !strings.Contains(reply, "forbidden") {
			t.Fatalf("HideIdle: the contact got\n%s", reply)
		}
	})
}

// waitPresence reads the legacy client's presences until one from the
// full JID from matches, failing the test after 10 s.
func (l *legacyClient) waitPresence(t *testing.T, from, what string, match func(string) bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case p := <-l.presences:
			if strings.Contains(p, "from='"+from+"'") && match(p) {
				return
			}
		case <-deadline:
			t.Fatalf("the foreign client saw no %s from %s", what, from)
		}
	}
}

var (
	showRe   = regexp.MustCompile(`<show xmlns='[^']*'>([^<]*)</show>`)
	statusRe = regexp.MustCompile(`<status xmlns='[^']*'>([^<]*)</status>`)
)

// presenceShow is the <show/> of a presence as legacyClient records it
// ("" for plain available).
func presenceShow(p string) string {
	if m := showRe.FindStringSubmatch(p); m != nil {
		return m[1]
	}
	return ""
}

// presenceStatus is its <status/> text.
func presenceStatus(p string) string {
	if m := statusRe.FindStringSubmatch(p); m != nil {
		return m[1]
	}
	return ""
}
