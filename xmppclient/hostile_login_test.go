package xmppclient_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// Hostile servers during the log-in: floods of whitespace or nesting, and
// servers that take the connection and say nothing, or a byte a second.
// Each log-in must fail with its own typed error, keep memory small, and
// end by the configured Timeout rather than when the server goes away:
// the test's context is loginWait, several times the Timeout, and the
// log-in must fail while it is still live.

const (
	hostileTimeout = 2 * time.Second
	loginWait      = 5 * hostileTimeout
)

// hostileLogin connects a client to a server that misbehaves as h does
// and returns how far the heap rose meanwhile and the log-in's error.
func hostileLogin(t *testing.T, h testenv.FakeHostile, afterTLS bool) (uint64, error) {
	t.Helper()
	f := testenv.NewFakeServer(t, testenv.FakeOptions{Hostile: h, HostileAfterTLS: afterTLS})
	cfg := fakeConfig(f)
	cfg.Timeout = hostileTimeout
	c := xmppclient.New(cfg)
	t.Cleanup(func() { _ = c.Logout(context.Background()) })
	ctx := testenv.Context(t, loginWait)
	var err error
	grew := heapPeak(func() { err = c.Connect(ctx) })
	if err == nil {
		t.Fatal("logged in to a hostile server")
	}
	if ctx.Err() != nil {
		t.Fatalf("the log-in waited out the test's %v (Timeout %v): %v", loginWait, hostileTimeout, err)
	}
	if code := errtext.Code(err); code != errtext.Unavailable {
		t.Errorf("code %d, want %d: %v", code, errtext.Unavailable, err)
	}
	t.Logf("heap +%d KiB; %s", grew>>10, errtext.Message(err))
	return grew, err
}

// loginHeapBound is what a failed log-in may add to the heap: the client,
// a TLS connection and the decoder's buffers, nothing in proportion to
// what the server sent (hundreds of MiB by the time it is cut off).
const loginHeapBound = 2 * mib

func wantLimit(t *testing.T, err error, want xmppclient.StreamLimit) {
	t.Helper()
	var le *xmppclient.StreamLimitError
	if !errors.As(err, &le) || le.Limit != want {
		t.Fatalf("want a %s StreamLimitError, got %v", want, err)
	}
}

func TestHostileLoginFloods(t *testing.T) {
	for _, tc := range []struct {
		name     string
		h        testenv.FakeHostile
		afterTLS bool
		want     xmppclient.StreamLimit
	}{
		{"whitespace before TLS", testenv.FakeWhitespace, false, xmppclient.LimitWhitespace},
		{"whitespace after TLS", testenv.FakeWhitespace, true, xmppclient.LimitWhitespace},
		{"nesting before TLS", testenv.FakeNesting, false, xmppclient.LimitDepth},
		{"nesting after TLS", testenv.FakeNesting, true, xmppclient.LimitDepth},
	} {
		t.Run(tc.name, func(t *testing.T) {
			grew, err := hostileLogin(t, tc.h, tc.afterTLS)
			wantLimit(t, err, tc.want)
			if float64(grew) > loginHeapBound*heapSlack {
				t.Fatalf("the heap rose by %d MiB", grew/mib)
			}
		})
	}
}

func TestHostileLoginNoAnswer(t *testing.T) {
	for name, h := range map[string]testenv.FakeHostile{
		"silent":              testenv.FakeSilent,
		"one byte per second": testenv.FakeTrickle,
	} {
		t.Run(name, func(t *testing.T) {
			grew, err := hostileLogin(t, h, false)
			var se *xmppclient.SessionError
			if !errors.As(err, &se) || se.Step != xmppclient.StepNoAnswer {
				t.Fatalf("want a SessionError at %q, got %v", xmppclient.StepNoAnswer, err)
			}
			if !strings.Contains(errtext.Message(err), "did not answer") {
				t.Errorf("the sentence does not say the server did not answer: %s", errtext.Message(err))
			}
			if float64(grew) > loginHeapBound*heapSlack {
				t.Fatalf("the heap rose by %d MiB", grew/mib)
			}
		})
	}
}

// A server that goes silent is, for the reconnect loop, a failure like
// any other: it says why and when it tries again, and keeps trying.
func TestHostileReconnectToSilentServer(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	cfg := fakeConfig(f)
	cfg.Timeout = hostileTimeout
	cfg.AvatarCacheDir = t.TempDir()
	c := xmppclient.New(cfg)
	events, _ := c.Subscribe()
	if err := c.Connect(testenv.Context(t, loginWait)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Logout(context.Background()) })
	s := f.NextSession(t, 5*time.Second)
	f.SetHostile(testenv.FakeSilent, false)
	s.Close()
	for attempt := range 2 {
		ev := waitFor(t, events, loginWait, "a reconnect that failed for want of an answer", func(ev xmppclient.Event) bool {
			ce, ok := ev.(xmppclient.ConnectionEvent)
			var se *xmppclient.SessionError
			return ok && ce.Status == xmppclient.StatusReconnecting && errors.As(ce.Err, &se) && se.Step == xmppclient.StepNoAnswer
		}).(xmppclient.ConnectionEvent)
		if ev.RetryAt.IsZero() {
			t.Fatalf("attempt %d: no time for the next try", attempt)
		}
	}
	f.SetHostile(testenv.FakeHonest, false)
	waitFor(t, events, 4*backoffCap, "CONNECTED once the server answers again", isStatus(xmppclient.StatusConnected))
}

// backoffCap bounds the reconnect loop's third wait (1 s doubled twice,
// plus jitter).
const backoffCap = 5 * time.Second

// A logged-in session flooded with whitespace, or sent a stanza nested a
// hundred thousand deep, ends with the reason and comes back.
func TestHostileLiveFloods(t *testing.T) {
	for name, tc := range map[string]struct {
		open, unit, reason string
	}{
		"whitespace": {"", " ", "whitespace"},
		"nesting":    {"<message from='" + contactJID + "/evil' type='chat'>", "<a>", "nested"},
	} {
		t.Run(name, func(t *testing.T) {
			f := testenv.NewFakeServer(t, testenv.FakeOptions{})
			_, events, s := fakeOnline(t, f)
			flood := strings.Repeat(tc.unit, 64<<10)
			stop := make(chan struct{})
			defer close(stop)
			var reason string
			grew := heapPeak(func() {
				go func() {
					_ = s.Send(tc.open)
					for {
						select {
						case <-stop:
							return
						default:
						}
						if s.Send(flood) != nil {
							return
						}
					}
				}()
				ev := waitFor(t, events, loginWait, "the connection dropped", isStatus(xmppclient.StatusDisconnected))
				reason = ev.(xmppclient.ConnectionEvent).Reason
			})
			t.Logf("heap +%d KiB; reason: %s", grew>>10, reason)
			if !strings.Contains(reason, tc.reason) {
				t.Errorf("the reason does not say %q: %s", tc.reason, reason)
			}
			if float64(grew) > loginHeapBound*heapSlack {
				t.Fatalf("the heap rose by %d MiB", grew/mib)
			}
			waitFor(t, events, 20*time.Second, "CONNECTED again", isStatus(xmppclient.StatusConnected))
			stillUsable(t, f.NextSession(t, 5*time.Second), events)
		})
	}
}

// waitReached waits until a client's stream header reaches f after the
// first sent bytes.
func waitReached(t *testing.T, f *testenv.FakeServer, sent int) {
	t.Helper()
	reached := testenv.Context(t, loginWait)
	for !strings.Contains(string(f.Received()[sent:]), "<stream:stream") {
		select {
		case <-reached.Done():
			t.Fatal("no log-in reached the silent server")
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// Logout during the first log-in, stuck on a silent server, ends it at
// once: Connect returns ErrLoggedOut long before the log-in's Timeout.
// So does cancelling Connect's context (the UI quitting).
func TestHostileLogoutDuringSilentConnect(t *testing.T) {
	for _, how := range []string{"logout", "cancel"} {
		t.Run(how, func(t *testing.T) {
			f := testenv.NewFakeServer(t, testenv.FakeOptions{Hostile: testenv.FakeSilent})
			cfg := fakeConfig(f)
			cfg.Timeout = time.Minute
			c := xmppclient.New(cfg)
			t.Cleanup(func() { _ = c.Logout(context.Background()) })
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			connected := make(chan error, 1)
			go func() { connected <- c.Connect(ctx) }()
			waitReached(t, f, 0)
			out := make(chan error, 1)
			if how == "logout" {
				go func() { out <- c.Logout(context.Background()) }()
			} else {
				cancel()
				out <- nil
			}
			for _, ch := range []chan error{connected, out} {
				select {
				case err := <-ch:
					if ch == connected && how == "logout" && !errors.Is(err, xmppclient.ErrLoggedOut) {
						t.Fatalf("Connect after Logout: %v, want ErrLoggedOut", err)
					}
					if ch == connected && how == "cancel" && !errors.Is(err, context.Canceled) {
						t.Fatalf("Connect after its context was cancelled: %v, want context.Canceled", err)
					}
				case <-time.After(loginWait):
					t.Fatalf("Connect or Logout still waits %v after the %s (Timeout %v)", loginWait, how, cfg.Timeout)
				}
			}
		})
	}
}

// Logout while a reconnect waits on a silent server ends that log-in at
// once: it does not wait for the log-in's Timeout (a minute here, several
// times the test's wait) nor for the server to go away.
func TestHostileLogoutDuringSilentLogin(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	cfg := fakeConfig(f)
	cfg.Timeout = time.Minute
	cfg.AvatarCacheDir = t.TempDir()
	c := xmppclient.New(cfg)
	if err := c.Connect(testenv.Context(t, loginWait)); err != nil {
		t.Fatal(err)
	}
	s := f.NextSession(t, 5*time.Second)
	sent := len(f.Received())
	f.SetHostile(testenv.FakeSilent, false)
	s.Close()
	waitReached(t, f, sent)
	out := make(chan error, 1)
	go func() { out <- c.Logout(context.Background()) }()
	select {
	case <-out:
	case <-time.After(loginWait):
		t.Fatalf("Logout still waits for a log-in %v after it was called (Timeout %v)", loginWait, cfg.Timeout)
	}
}
