package xmppclient_test

import (
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// A subscription request carries the asker's nickname (XEP-0172 §4.2), so
// the one asked learns who asks before any profile is visible.
func TestSubscriptionRequestCarriesTheNickname(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		a, _ := online(t, srv)
		b, bEv := online(t, srv)
		ctx := testenv.Context(t, 30*time.Second)
		if _, err := a.UpdateProfile(ctx, profile.Update{Nickname: "Ada Asker"}); err != nil {
			t.Fatal(err)
		}
		if err := a.AddContact(ctx, b.Account(), ""); err != nil {
			t.Fatal(err)
		}
		ev := waitFor(t, bEv, 10*time.Second, "the request", func(ev xmppclient.Event) bool {
			sr, ok := ev.(xmppclient.SubscriptionRequestEvent)
			return ok && sr.From == a.Account()
		}).(xmppclient.SubscriptionRequestEvent)
		if ev.Nick != "Ada Asker" {
			t.Fatalf("request nick %q", ev.Nick)
		}
	})
}
