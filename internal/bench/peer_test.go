package bench

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// keyringScript unlocks a throwaway gnome-keyring in the private session
// bus, stores the password there as Parley's keystore does (service
// "parley", username JID), notes the launch time and starts the UI. The
// account itself was saved beforehand (saveAccount).
const keyringScript = `echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
printf '%s' "$BENCH_PW" | secret-tool store --label=parley service parley username "$BENCH_JID" || exit 1
date +%s%N > "$BENCH_T"
exec "$BENCH_BIN" --server "$BENCH_ADDR" --ca "$BENCH_CA" --account "$BENCH_JID"`

const profanityScript = `date +%s%N > "$BENCH_T"
exec /usr/bin/profanity -a bench`

// TestPeerProfanity compares, with 1, 200 and 1,000 contacts, the time
// from launching each client until a contact's session sees its available
// presence, and the client's VmRSS 2 s later. Parley and Profanity run
// alternately as a returning user: each client keeps its HOME and XDG
// directories across the runs of one roster size, and a first, unmeasured
// run fills them. The 200 and 1,000 contacts have mutual subscriptions
// and are offline; the 1,000 published a nickname, an avatar and a status
// (as in TestMemoryLargeRoster).
func TestPeerProfanity(t *testing.T) {
	gate(t)
	testenv.RequireBinary(t, "tmux")
	testenv.RequireBinary(t, "profanity")
	testenv.RequireBinary(t, "dbus-run-session")
	testenv.RequireBinary(t, "gnome-keyring-daemon")
	testenv.RequireBinary(t, "secret-tool")
	runs := 7
	if v, err := strconv.Atoi(os.Getenv("PARLEY_BENCH_RUNS")); err == nil && v > 0 {
		runs = v
	}
	srv := testenv.Prosody(t)
	bin := testenv.Binary(t)
	for _, n := range peerSizes() {
		jid, pw := testenv.Account(t, srv)
		owner := xmppclient.New(cfgFor(srv, jid, pw))
		ownerEvents, unsubscribe := owner.Subscribe()
		if err := owner.Connect(testenv.Context(t, time.Minute)); err != nil {
			t.Fatal(err)
		}
		events := makeWatcher(t, srv, owner, ownerEvents)
		unsubscribe()
		if n > 1 {
			makeContacts(t, srv, owner, n-1, contactOpts{mutual: true, avatars: n >= 1000})
		}
		testenv.Eventually(t, time.Minute, "the roster", func() bool { return len(owner.Contacts()) == n })
		_ = owner.Logout(testenv.Context(t, 10*time.Second))
		homes := map[string]string{"parley": t.TempDir(), "profanity": t.TempDir()}
		launch := map[string][]time.Duration{}
		rss := map[string][]int{}
		for i := 0; i <= runs; i++ {
			for _, client := range []string{"parley", "profanity"} {
				t.Run(fmt.Sprintf("%s/%d/%d", client, n, i), func(t *testing.T) {
					d, kb := peerRun(t, client, bin, homes[client], srv, jid, pw, events)
					t.Logf("%s, %d contacts: online after %v, VmRSS %d KiB", client, n, d.Round(time.Millisecond), kb)
					if i == 0 {
						return // the run that fills the caches of a returning user
					}
					launch[client] = append(launch[client], d)
					rss[client] = append(rss[client], kb)
				})
			}
		}
		for _, client := range []string{"parley", "profanity"} {
			d, kb := slices.Clone(launch[client]), slices.Clone(rss[client])
			slices.Sort(d)
			slices.Sort(kb)
			if len(d) == 0 {
				continue
			}
			t.Logf("SUMMARY %s, %d contacts, %d runs: launch-to-online median %v (min %v, max %v); VmRSS median %d KiB (min %d, max %d)",
				client, n, len(d), d[len(d)/2].Round(time.Millisecond), d[0].Round(time.Millisecond), d[len(d)-1].Round(time.Millisecond), kb[len(kb)/2], kb[0], kb[len(kb)-1])
		}
	}
}

// peerSizes are the roster sizes of TestPeerProfanity; PARLEY_BENCH_SIZES
// (e.g. "1,200") picks some of them.
func peerSizes() []int {
	sizes := []int{1, 200, 1000}
	if v := os.Getenv("PARLEY_BENCH_SIZES"); v != "" {
		sizes = nil
		for _, f := range strings.Split(v, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
				sizes = append(sizes, n)
			}
		}
	}
	return sizes
}

// makeWatcher makes a mutual contact of owner that stays online until the
// test ends, and returns when it received each available presence of
// owner's. The times come from the watcher's stanza log, read as the
// bytes arrive: the client's events tell only changes of the contact's
// presence, and another resource of owner's that the server keeps
// (Profanity's stream management leaves a hibernating session after the
// run) would hide the next one.
func makeWatcher(t *testing.T, srv *sandbox.Server, owner *xmppclient.Client, ownerEvents <-chan xmppclient.Event) <-chan time.Time {
	t.Helper()
	ctx := testenv.Context(t, time.Minute)
	wj, wpw := testenv.Account(t, srv)
	spot := newPresenceSpotter(owner.Account())
	cfg := cfgFor(srv, wj, wpw)
	cfg.DebugXML = spot
	w := xmppclient.New(cfg)
	events, _ := w.Subscribe()
	if err := w.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Logout(testenv.Context(t, 10*time.Second)) })
	if err := owner.AddContact(ctx, wj, ""); err != nil {
		t.Fatal(err)
	}
	for asked := false; !asked; {
		select {
		case ev := <-events:
			sr, ok := ev.(xmppclient.SubscriptionRequestEvent)
			asked = ok && sr.From == owner.Account()
		case <-ctx.Done():
			t.Fatal("no subscription request")
		}
	}
	if err := w.AcceptSubscription(ctx, owner.Account()); err != nil {
		t.Fatal(err)
	}
	// And the other way: the watcher subscribes to owner's presence.
	if err := w.AddContact(ctx, owner.Account(), ""); err != nil {
		t.Fatal(err)
	}
	// Parley may approve it on its own (the watcher is already a
	// contact); otherwise the owner accepts the request.
	wait := time.After(5 * time.Second)
	for asked := false; !asked; {
		select {
		case ev := <-ownerEvents:
			sr, ok := ev.(xmppclient.SubscriptionRequestEvent)
			asked = ok && sr.From == wj
		case <-wait:
			asked = true
		}
	}
	if err := owner.AcceptSubscription(ctx, wj); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 30*time.Second, "a mutual subscription", func() bool {
		c, ok := w.Contact(owner.Account())
		return ok && c.Subscription == "both"
	})
	return spot.seen
}

// presenceSpotter is a stanza log writer that notes when an available
// presence of one account arrives.
type presenceSpotter struct {
	mu   sync.Mutex
	tail []byte // the end of the last write, for a tag split between writes
	from *regexp.Regexp
	seen chan time.Time
}

func newPresenceSpotter(bare string) *presenceSpotter {
	return &presenceSpotter{
		from: regexp.MustCompile(`<presence\b[^>]*\bfrom=["']` + regexp.QuoteMeta(bare) + `/[^>]*>`),
		seen: make(chan time.Time, 64),
	}
}

var typeAttr = regexp.MustCompile(`\btype=["'](\w+)["']`)

func (p *presenceSpotter) Write(b []byte) (int, error) {
	at := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	buf := append(p.tail, b...)
	for _, tag := range p.from.FindAll(buf, -1) {
		if m := typeAttr.FindSubmatch(tag); m == nil || string(m[1]) == "available" {
			select {
			case p.seen <- at:
			default:
			}
		}
	}
	// Keep what may start a tag that the next write completes.
	if i := bytes.LastIndexByte(buf, '<'); i >= 0 && bytes.IndexByte(buf[i:], '>') < 0 {
		p.tail = append([]byte(nil), buf[i:]...)
	} else {
		p.tail = nil
	}
	return len(b), nil
}

// peerRun launches client once with its directories under root (made on
// the first run) and returns its launch-to-online time (seen in the
// watcher's stanza log) and its VmRSS 2 s after that.
func peerRun(t *testing.T, client, bin, root string, srv *sandbox.Server, jid, pw string, events <-chan time.Time) (time.Duration, int) {
	fresh := true
	if _, err := os.Stat(filepath.Join(root, "home")); err == nil {
		fresh = false
	}
	env := isolatedEnv(t, root)
	stamp := filepath.Join(root, "launched")
	env = append(env, "BENCH_T="+stamp)
	var argv []string
	switch client {
	case "parley":
		// `parley connect` saves the account (its password stays in that
		// process's memory: no keyring here). It is online for a moment,
		// before the events are drained below.
		if fresh {
			saveAccount(t, bin, env, srv, jid, pw)
		}
		env = append(env, "BENCH_BIN="+bin, "BENCH_JID="+jid, "BENCH_PW="+pw, "BENCH_ADDR="+srv.Addr, "BENCH_CA="+srv.CAFile)
		argv = []string{"dbus-run-session", "--", "sh", "-c", keyringScript}
	default:
		host, port, _ := strings.Cut(srv.Addr, ":")
		dir := filepath.Join(root, "xdg_data_home", "profanity")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		acct := fmt.Sprintf("[bench]\njid=%s\npassword=%s\nserver=%s\nport=%s\ntls.policy=trust\nresource=profanity\nenabled=true\n", jid, pw, host, port)
		if err := os.WriteFile(filepath.Join(dir, "accounts"), []byte(acct), 0o600); err != nil {
			t.Fatal(err)
		}
		argv = []string{"sh", "-c", profanityScript}
	}
	// Drop what is queued (the previous run's unavailable presence).
	for drained := false; !drained; {
		select {
		case <-events:
		case <-time.After(300 * time.Millisecond):
			drained = true
		}
	}
	tm := testenv.StartTmux(t, 120, 40, env, argv...)
	var took time.Duration
	deadline := time.After(60 * time.Second)
	for took == 0 {
		select {
		case at := <-events:
			if launched, ok := readStamp(stamp); ok && at.After(launched) {
				took = at.Sub(launched)
			}
		case <-deadline:
			t.Fatalf("%s never came online; screen:\n%s", client, tm.Screen())
		}
	}
	time.Sleep(2 * time.Second)
	arg0 := bin
	if client != "parley" {
		arg0 = "/usr/bin/profanity"
	}
	pid := pidOf(t, arg0)
	kb := rssKB(t, pid)
	// Parley quits as a user quits it, so what it keeps for the next
	// launch is saved; Profanity writes as it goes and ends with tmux.
	if client == "parley" {
		tm.Keys("C-c")
		testenv.Eventually(t, 15*time.Second, "parley ended", func() bool { return syscall.Kill(pid, 0) != nil })
	}
	return took, kb
}

// readStamp reads the launch time the script wrote (date +%s%N).
func readStamp(name string) (time.Time, bool) {
	b, err := os.ReadFile(name)
	if err != nil {
		return time.Time{}, false
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(0, ns), true
}
