package bench

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// gate skips the test unless PARLEY_BENCH=1.
func gate(t *testing.T) {
	t.Helper()
	if os.Getenv("PARLEY_BENCH") != "1" {
		t.Skip("slow benchmark driver: set PARLEY_BENCH=1 (make bench-peer)")
	}
}

func cfgFor(srv *sandbox.Server, jid, pw string) xmppclient.Config {
	return xmppclient.Config{JID: jid, Password: pw, Server: srv.Addr, CAFile: srv.CAFile, Timeout: 30 * time.Second}
}

// writePNG writes a generated 64×64 avatar of noise into dir and returns
// its path. Each seed gives another picture of about 12 KB, as a real
// roster's avatars differ from each other and are not tiny: a single
// 160-byte picture shared by every contact (the set-up until 2026-12-02)
// hid what holding 1,000 avatars costs.
func writePNG(t *testing.T, dir string, seed int) string {
	t.Helper()
	rnd := rand.New(rand.NewPCG(uint64(seed), 17))
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.RGBA{uint8(rnd.IntN(256)), uint8(x * 4), uint8(rnd.IntN(256)), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, fmt.Sprintf("a%d.png", seed))
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// contact is one of the accounts put on the measured account's roster.
type contact struct{ jid, password string }

// contactOpts says what makeContacts sets up besides the subscription.
type contactOpts struct {
	avatars bool // a nickname, a small avatar and a status published
	mutual  bool // the contact is subscribed to owner's presence too
}

// makeContacts registers n accounts in band (concurrently), puts each on
// owner's roster with a subscription to its presence (owner adds, the
// contact accepts), with opt.mutual one the other way too (the contact
// adds, owner accepts), and with opt.avatars publishes a nickname and a
// small avatar for it. The contacts are logged out afterwards.
func makeContacts(t *testing.T, srv *sandbox.Server, owner *xmppclient.Client, n int, opt contactOpts) []contact {
	t.Helper()
	if opt.mutual {
		acceptAll(t, owner)
	}
	ctx := testenv.Context(t, 15*time.Minute)
	start := time.Now()
	pics := t.TempDir()
	out := make([]contact, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 16)
	prefix := fmt.Sprintf("c%d", time.Now().UnixNano()%1e6)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var pic string
			if opt.avatars {
				pic = writePNG(t, pics, i)
			}
			c, err := makeContact(ctx, srv, owner, fmt.Sprintf("%sx%04d", prefix, i), pic, opt)
			if err != nil {
				errs <- err
				return
			}
			out[i] = c
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	t.Logf("%d contacts (%+v) made in %v", n, opt, time.Since(start).Round(time.Millisecond))
	return out
}

func makeContact(ctx context.Context, srv *sandbox.Server, owner *xmppclient.Client, user, pic string, opt contactOpts) (contact, error) {
	res, err := xmppclient.Register(ctx, cfgFor(srv, srv.Domain, ""), user, nil)
	if err != nil {
		return contact{}, fmt.Errorf("register %s: %w", user, err)
	}
	c := xmppclient.New(cfgFor(srv, res.UserJID, res.Password))
	events, unsub := c.Subscribe()
	defer unsub()
	if err := c.Connect(ctx); err != nil {
		return contact{}, fmt.Errorf("connect %s: %w", res.UserJID, err)
	}
	defer c.Logout(context.WithoutCancel(ctx))
	if err := owner.AddContact(ctx, res.UserJID, ""); err != nil {
		return contact{}, fmt.Errorf("add %s: %w", res.UserJID, err)
	}
	deadline := time.After(30 * time.Second)
	for asked := false; !asked; {
		select {
		case ev := <-events:
			sr, ok := ev.(xmppclient.SubscriptionRequestEvent)
			asked = ok && sr.From == owner.Account()
		case <-deadline:
			return contact{}, fmt.Errorf("%s: no subscription request", res.UserJID)
		}
	}
	if err := c.AcceptSubscription(ctx, owner.Account()); err != nil {
		return contact{}, fmt.Errorf("accept on %s: %w", res.UserJID, err)
	}
	if opt.mutual {
		if err := c.AddContact(ctx, owner.Account(), ""); err != nil {
			return contact{}, fmt.Errorf("%s adds the owner: %w", res.UserJID, err)
		}
		for until := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if o, ok := c.Contact(owner.Account()); ok && o.Subscription == "both" {
				break
			}
			if time.Now().After(until) {
				return contact{}, fmt.Errorf("%s: the owner never accepted", res.UserJID)
			}
		}
	}
	if opt.avatars {
		if _, err := c.UpdateProfile(ctx, profile.Update{Nickname: "Nick " + user, Image: pic, Status: "benchmarking"}); err != nil {
			return contact{}, fmt.Errorf("profile of %s: %w", res.UserJID, err)
		}
	}
	return contact{jid: res.UserJID, password: res.Password}, nil
}

// isolatedEnv returns HOME and XDG_* under root, with no session bus (so
// no keyring): parley asks for the password.
func isolatedEnv(t *testing.T, root string) []string {
	t.Helper()
	var env []string
	for _, d := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"} {
		p := filepath.Join(root, strings.ToLower(d))
		if err := os.MkdirAll(p, 0o700); err != nil {
			t.Fatal(err)
		}
		env = append(env, d+"="+p)
	}
	return append(env, "DBUS_SESSION_BUS_ADDRESS")
}

// saveAccount runs `parley connect` once so that the account (server, CA)
// is saved in env's config directory.
func saveAccount(t *testing.T, bin string, env []string, srv *sandbox.Server, jid, pw string) {
	t.Helper()
	cmd := exec.Command(bin, "connect", jid, "--server", srv.Addr, "--ca", srv.CAFile, "--password-stdin")
	cmd.Env = append(os.Environ(), env...)
	var clean []string
	for _, kv := range cmd.Env {
		if strings.Contains(kv, "=") {
			clean = append(clean, kv)
		}
	}
	cmd.Env = append(clean, "DBUS_SESSION_BUS_ADDRESS=")
	cmd.Stdin = strings.NewReader(pw + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("parley connect: %v\n%s", err, out)
	}
}

// pidOf returns the pid of the running process whose argv[0] is bin.
func pidOf(t *testing.T, bin string) int {
	t.Helper()
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		if arg0, _, _ := strings.Cut(string(b), "\x00"); arg0 == bin {
			return pid
		}
	}
	t.Fatalf("no process runs %s", bin)
	return 0
}

// rssKB returns VmRSS of pid in KiB.
func rssKB(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// acceptAll makes owner accept every subscription request while the test
// runs (the contacts makeContacts makes mutual ask for one).
func acceptAll(t *testing.T, owner *xmppclient.Client) {
	events, unsubscribe := owner.Subscribe()
	done := make(chan struct{})
	t.Cleanup(func() { close(done); unsubscribe() })
	go func() {
		for {
			select {
			case ev, open := <-events:
				if !open {
					return
				}
				if sr, ok := ev.(xmppclient.SubscriptionRequestEvent); ok {
					_ = owner.AcceptSubscription(context.Background(), sr.From)
				}
			case <-done:
				return
			}
		}
	}()
}
