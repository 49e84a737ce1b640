package xmppclient_test

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

var (
	configureNode  = regexp.MustCompile(`<configure[^>]*node=["']([^"']+)["']`)
	configureModel = regexp.MustCompile(`pubsub#access_model["'][^>]*>\s*<value>([^<]+)</value>`)
)

// refusingServer is a fake server that refuses one owner configure (node
// to model) and records every configure ("node=model") and whether
// anything was published.
type refusingServer struct {
	mu         sync.Mutex
	configures []string
	published  bool
}

func (r *refusingServer) start(t *testing.T, refuse string) *testenv.FakeServer {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name != "iq" || st.Type != "set" {
			return false
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		if strings.Contains(st.Inner, "<publish") {
			r.published = true
		}
		n, m := configureNode.FindStringSubmatch(st.Inner), configureModel.FindStringSubmatch(st.Inner)
		if n == nil || m == nil {
			return false
		}
		got := n[1] + "=" + m[1]
		r.configures = append(r.configures, got)
		if got == refuse {
			_ = s.ReplyError(st, "not-acceptable")
		} else {
			_ = s.ReplyIQ(st, "")
		}
		return true
	})
	return f
}

func (r *refusingServer) seen() ([]string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.configures), r.published
}

// A server that will not open the nickname node: the save stops before
// publishing anything, the avatar nodes opened just before are closed
// again, and the setting stays contacts.
func TestVisibilityOpeningRefusedClosesAgain(t *testing.T) {
	var r refusingServer
	f := r.start(t, profile.NodeNickname+"=open")
	c, _, _ := fakeOnline(t, f)
	_, err := c.UpdateProfile(testenv.Context(t, 20*time.Second), profile.Update{Nickname: "A", Email: "a@example.org", Visibility: profile.VisibilityPublic})
	var nae *xmppclient.NodeAccessError
	if !errors.As(err, &nae) || nae.Node != profile.NodeNickname || nae.AccessModel != "open" {
		t.Fatalf("save: %v, want a NodeAccessError for opening the nickname node", err)
	}
	configures, published := r.seen()
	want := []string{
		profile.NodeAvatarData + "=open", profile.NodeAvatarMetadata + "=open", profile.NodeNickname + "=open",
		profile.NodeAvatarData + "=presence", profile.NodeAvatarMetadata + "=presence",
	}
	if !slices.Equal(configures, want) {
		t.Fatalf("configures %q, want %q", configures, want)
	}
	if published {
		t.Fatal("something was published after the refusal")
	}
	if c.Visibility() != profile.VisibilityContacts {
		t.Fatalf("visibility %q after the refusal, want contacts", c.Visibility())
	}
}

// A server that will not close the vCard4 node: nothing else is touched,
// nothing is published, the setting stays public.
func TestVisibilityClosingRefusedPublishesNothing(t *testing.T) {
	var r refusingServer
	f := r.start(t, profile.NodeVCard4+"=presence")
	cfg := fakeConfig(f)
	cfg.AvatarCacheDir = t.TempDir()
	cfg.Visibility = profile.VisibilityPublic
	c := xmppclient.New(cfg)
	if err := c.Connect(testenv.Context(t, 20*time.Second)); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Logout(testenv.Context(t, 5*time.Second)) }()
	_, err := c.UpdateProfile(testenv.Context(t, 20*time.Second), profile.Update{Nickname: "A", MobileNumber: "+15550199", Visibility: profile.VisibilityContacts})
	var nae *xmppclient.NodeAccessError
	if !errors.As(err, &nae) || nae.Node != profile.NodeVCard4 || nae.AccessModel != "presence" {
		t.Fatalf("save: %v, want a NodeAccessError for closing the vCard4 node", err)
	}
	configures, published := r.seen()
	if !slices.Equal(configures, []string{profile.NodeVCard4 + "=presence"}) || published {
		t.Fatalf("configures %q, published %v; want the one refused configure and nothing published", configures, published)
	}
	if c.Visibility() != profile.VisibilityPublic {
		t.Fatalf("visibility %q after the refusal, want public", c.Visibility())
	}
}
