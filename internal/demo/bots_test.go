package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// seen records, per demo friend, which kinds of change a watcher noticed.
type seen struct {
	offline, backOnline, status, show, nick, avatar bool
}

func (s seen) missing() []string {
	var m []string
	for name, ok := range map[string]bool{
		"offline": s.offline, "back online": s.backOnline, "status": s.status,
		"availability": s.show, "nickname": s.nick, "avatar": s.avatar,
	} {
		if !ok {
			m = append(m, name)
		}
	}
	slices.Sort(m)
	return m
}

func TestBotsAreSeenByAFriend(t *testing.T) {
	srv := testenv.Prosody(t)
	ctx := testenv.Context(t, 3*time.Minute)

	d, err := Seed(ctx, srv, withConfig(srv, Options{}))
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	t.Cleanup(d.Close)
	p, watcher, err := d.NewPresenter(ctx)
	if err != nil {
		t.Fatalf("presenter: %v", err)
	}
	t.Cleanup(func() { logout(watcher) })
	if !strings.HasPrefix(p.JID, "guest") || p.Password == "" {
		t.Fatalf("presenter %+v", p)
	}

	// Every friend's full profile is readable, each with its own avatar.
	initialAvatar := map[string]string{}
	for _, f := range d.Friends() {
		pr, err := watcher.GetProfile(ctx, f.JID)
		if err != nil {
			t.Fatalf("profile of %s: %v", f.JID, err)
		}
		if pr.Nickname != f.Nickname || pr.Email == "" || pr.MobileNumber == "" || pr.Status == "" || pr.Avatar.ID == "" {
			t.Fatalf("profile of %s is incomplete: %+v", f.JID, pr)
		}
		for other, id := range initialAvatar {
			if id == pr.Avatar.ID {
				t.Fatalf("%s and %s share an avatar", f.JID, other)
			}
		}
		initialAvatar[f.JID] = pr.Avatar.ID
	}
	if _, err := d.CheckProfile(ctx, watcher); err != nil {
		t.Fatalf("CheckProfile: %v", err)
	}

	events, stop := watcher.Subscribe()
	defer stop()
	runCtx, cancelRun := context.WithCancel(ctx)
	ran := make(chan struct{})
	go func() { defer close(ran); d.Run(runCtx, 200*time.Millisecond) }()
	defer func() {
		cancelRun()
		select {
		case <-ran:
		case <-time.After(30 * time.Second):
			t.Error("Run did not return after its context ended")
		}
	}()

	friend := d.bots[0]
	if err := watcher.SendMessage(ctx, friend.jid, "Hello from the test"); err != nil {
		t.Fatal(err)
	}

	base := map[string]Friend{}
	got := map[string]*seen{}
	for _, b := range d.bots {
		base[b.jid] = b.friend
		got[b.jid] = &seen{}
	}
	replied := false
	done := func() bool {
		if !replied {
			return false
		}
		for _, s := range got {
			if len(s.missing()) > 0 {
				return false
			}
		}
		return true
	}
	deadline := time.After(2 * time.Minute)
	for !done() {
		select {
		case ev := <-events:
			switch ev := ev.(type) {
			case xmppclient.PresenceEvent:
				s, ok := got[ev.From]
				if !ok {
					continue
				}
				f := base[ev.From]
				switch {
				case ev.Show == xmppclient.ShowOffline:
					s.offline = true
				case s.offline:
					s.backOnline = true
				}
				if ev.Show == xmppclient.ShowAway || ev.Show == xmppclient.ShowDND || ev.Show == xmppclient.ShowXA {
					s.show = true
				}
				if ev.StatusText != "" && ev.StatusText != f.Statuses[0] && slices.Contains(f.Statuses, ev.StatusText) {
					s.status = true
				}
				if ev.HasPhotoUpdate && ev.PhotoHash != "" && ev.PhotoHash != initialAvatar[ev.From] {
					s.avatar = true
				}
			case xmppclient.ProfileEvent:
				s, ok := got[ev.Profile.JID]
				if !ok {
					continue
				}
				f := base[ev.Profile.JID]
				if ev.Profile.Nickname != f.Nickname() && slices.Contains(f.Nicknames, ev.Profile.Nickname) {
					s.nick = true
				}
				if ev.Profile.Avatar.ID != "" && ev.Profile.Avatar.ID != initialAvatar[ev.Profile.JID] {
					s.avatar = true
				}
			case xmppclient.MessageEvent:
				if ev.From == friend.jid && slices.Contains(friend.friend.Replies, ev.Body) {
					replied = true
				}
			}
		case <-deadline:
			var report []string
			for j, s := range got {
				if m := s.missing(); len(m) > 0 {
					report = append(report, fmt.Sprintf("%s: no %v", j, m))
				}
			}
			slices.Sort(report)
			t.Fatalf("within the time limit the watcher did not see:\n%s\nreply from %s: %v", strings.Join(report, "\n"), friend.jid, replied)
		}
	}
}

// A second Seed on the same sandbox reuses the friends' accounts.
func TestSeedReusesFriends(t *testing.T) {
	srv := testenv.Prosody(t)
	ctx := testenv.Context(t, 2*time.Minute)
	friends := Cast[:2]
	d1, err := Seed(ctx, srv, withConfig(srv, Options{Friends: friends}))
	if err != nil {
		t.Fatalf("first seed: %v", err)
	}
	d1.Close()
	d2, err := Seed(ctx, srv, withConfig(srv, Options{Friends: friends}))
	if err != nil {
		t.Fatalf("second seed: %v", err)
	}
	defer d2.Close()
	for i, b := range d2.bots {
		if b.password != d1.bots[i].password {
			t.Fatalf("%s got a new password on the second seed", b.jid)
		}
	}
	// The second session really is logged in.
	p, cl, err := d2.NewPresenter(ctx)
	if err != nil {
		t.Fatalf("presenter after reuse: %v", err)
	}
	defer logout(cl)
	if got := d2.notMutual(cl); len(got) != 0 {
		t.Fatalf("%s is not a mutual friend of %v", p.JID, got)
	}
}
