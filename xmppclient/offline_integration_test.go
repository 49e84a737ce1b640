package xmppclient_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// Messages sent while the account is offline are not taken by a Quiet
// (one-shot) session, which a contact does not see come online, and all
// reach the next full session, in order and once, even when it subscribes
// only after Connect returned (as the UI does).
func TestOfflineMessagesSurviveQuietSessions(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		aJID, aPW := testenv.Account(t, srv)
		a, aEv := connectAs(t, srv, aJID, aPW)
		b, bEv := online(t, srv)
		befriend(t, a, aEv, b, bEv)
		ctx := testenv.Context(t, 60*time.Second)
		if err := a.Logout(ctx); err != nil {
			t.Fatalf("logout: %v", err)
		}
		waitFor(t, bEv, 10*time.Second, "the contact offline", presenceFrom(a.Account(), xmppclient.ShowOffline))

		var sent []string
		for i := range 5 {
			body := fmt.Sprintf("offline %d", i)
			if err := b.SendMessage(ctx, a.Account(), body); err != nil {
				t.Fatalf("send: %v", err)
			}
			sent = append(sent, body)
		}
		// A round trip on b's stream after the messages: the server has
		// stored them before the quiet session logs in.
		if _, err := b.LastSeen(ctx, a.Account()); err != nil {
			t.Fatalf("last seen before the quiet session: %v", err)
		}

		cfg := config(srv, aJID, aPW)
		cfg.AvatarCacheDir = t.TempDir()
		cfg.Quiet = true
		quiet := xmppclient.New(cfg)
		quietEv, _ := quiet.Subscribe()
		if err := quiet.Connect(ctx); err != nil {
			t.Fatalf("quiet connect: %v", err)
		}
		// b's round trip comes back after any presence the quiet session
		// made the server route to b.
		if _, err := b.LastSeen(ctx, a.Account()); err != nil {
			t.Fatalf("last seen during the quiet session: %v", err)
		}
		if ct, _ := b.Contact(a.Account()); ct.Show != xmppclient.ShowOffline {
			t.Fatalf("the contact sees the quiet session as %q", ct.Show)
		}
		if _, err := quiet.LastSeen(ctx, b.Account()); err != nil {
			t.Fatalf("quiet round trip: %v", err)
		}
		if err := quiet.Logout(ctx); err != nil {
			t.Fatalf("quiet logout: %v", err)
		}
		for ev := range quietEv {
			if m, ok := ev.(xmppclient.MessageEvent); ok {
				t.Fatalf("the quiet session took the offline message %q", m.Body)
			}
		}

		cfg.Quiet = false
		full := xmppclient.New(cfg)
		if err := full.Connect(ctx); err != nil {
			t.Fatalf("full connect: %v", err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = full.Logout(ctx)
		})
		events, _ := full.Subscribe()
		var got []string
		for len(got) < len(sent) {
			ev := waitFor(t, events, 15*time.Second, fmt.Sprintf("offline message %d of %d", len(got)+1, len(sent)), func(ev xmppclient.Event) bool {
				_, ok := ev.(xmppclient.MessageEvent)
				return ok
			})
			got = append(got, ev.(xmppclient.MessageEvent).Body)
		}
		if fmt.Sprint(got) != fmt.Sprint(sent) {
			t.Fatalf("the full session got %q, want %q", got, sent)
		}
	})
}
