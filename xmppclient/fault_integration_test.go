package xmppclient_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// The server goes away and comes back three times while two befriended
// clients run. Each time the client goes RECONNECTING → CONNECTED exactly
// once, the contact sees it online again, and no goroutine is left behind.
func TestFaultServerRestartedThreeTimes(t *testing.T) {
	testenv.EachServerWith(t, testenv.ServerOptions{Private: true}, testFaultServerRestartedThreeTimes)
}

func testFaultServerRestartedThreeTimes(t *testing.T, srv *testenv.Server) {
	a, aEv, b, bEv := friends(t, srv)
	base := runtime.NumGoroutine()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("at the failure: %s is %s, %s is %s", a.Account(), a.Status(), b.Account(), b.Status())
		}
	})

	// a's events are read from here on without gaps: a CONNECTED that
	// comes late, after a cycle was counted, shows in the next cycle's
	// "server down" phase or after the last cycle.
	drain(aEv)
	for cycle := 1; cycle <= 3; cycle++ {
		drain(bEv)
		if err := srv.Stop(); err != nil {
			t.Fatal(err)
		}
		// Down: a must report RECONNECTING, and no CONNECTED before it.
		statuses := collectUntil(t, aEv, 15*time.Second, xmppclient.StatusReconnecting)
		if n := count(statuses, xmppclient.StatusConnected); n > 0 {
			t.Fatalf("cycle %d: CONNECTED while the server was down: %v", cycle, statuses)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		err := srv.Start(ctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		statuses = collectUntil(t, aEv, 30*time.Second, xmppclient.StatusConnected)
		// The contact (itself reconnected) sees a online again in its
		// roster state. (Whether it gets a presence event depends on
		// which of them came back first: one that finds a online again
		// reports no change.)
		testenv.Eventually(t, 30*time.Second, fmt.Sprintf("cycle %d: the contact's roster shows %s online", cycle, a.Account()), func() bool {
			ct, ok := b.Contact(a.Account())
			return ok && ct.Show == xmppclient.ShowOnline
		})
		statuses = append(statuses, connectionStatuses(drain(aEv))...)
		if n := count(statuses, xmppclient.StatusConnected); n != 1 {
			t.Fatalf("cycle %d: %d CONNECTED events, want 1: %v", cycle, n, statuses)
		}
		if a.Status() != xmppclient.StatusConnected {
			t.Fatalf("cycle %d: status %s", cycle, a.Status())
		}
		t.Logf("cycle %d: %v", cycle, statuses)
	}

	// The goroutines of the three dead sessions are gone. A bounded poll:
	// connections being torn down take a moment to unwind.
	const slack = 2
	deadline := time.Now().Add(10 * time.Second)
	n := runtime.NumGoroutine()
	for n > base+slack && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	t.Logf("goroutines: %d before the restarts, %d after", base, n)
	if n > base+slack {
		buf := make([]byte, 1<<20)
		t.Fatalf("goroutine leak: %d before, %d after three restarts\n%s", base, n, buf[:runtime.Stack(buf, true)])
	}

	// Nothing after the last cycle: Logout waits for the reconnect loop
	// to end before it closes the event stream, so a late duplicate of
	// the last CONNECTED is in what is left.
	if err := a.Logout(testenv.Context(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if late := connectionStatuses(readAll(aEv)); count(late, xmppclient.StatusConnected) > 0 {
		t.Fatalf("CONNECTED after the last cycle was counted: %v", late)
	}
}

// A connection that goes silent (a dead NAT mapping: nothing arrives,
// nothing errors) is noticed by the keepalive ping and replaced.
func TestFaultSilentConnection(t *testing.T) {
	testenv.EachServer(t, testFaultSilentConnection)
}

func testFaultSilentConnection(t *testing.T, srv *testenv.Server) {
	p := testenv.NewProxy(t, srv.Addr)
	c, events := proxied(t, srv, p)

	p.Silence()
	silenced := time.Now()
	waitFor(t, events, 10*time.Second, "DISCONNECTED after silence", isStatus(xmppclient.StatusDisconnected))
	t.Logf("silence noticed after %v", time.Since(silenced).Round(time.Millisecond))
	p.Forward()
	waitFor(t, events, 30*time.Second, "CONNECTED again", isStatus(xmppclient.StatusConnected))
	if p.Accepted() < 2 {
		t.Fatalf("the client did not open a new connection (%d accepted)", p.Accepted())
	}
	selfMessage(t, c, events)
}

// A connection cut in the middle of what the server sends (a truncated
// TLS record, so half a stanza) is reconnected.
func TestFaultCutMidStanza(t *testing.T) {
	testenv.EachServer(t, testFaultCutMidStanza)
}

func testFaultCutMidStanza(t *testing.T, srv *testenv.Server) {
	p := testenv.NewProxy(t, srv.Addr)
	c, events := proxied(t, srv, p)
	other, _ := online(t, srv)
	ctx := testenv.Context(t, time.Minute)

	p.CutAfter(7)
	if err := other.SendMessage(ctx, c.Account(), strings.Repeat("cut me ", 200)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, events, 10*time.Second, "DISCONNECTED after the cut", isStatus(xmppclient.StatusDisconnected))
	waitFor(t, events, 30*time.Second, "CONNECTED again", isStatus(xmppclient.StatusConnected))
	if err := other.SendMessage(ctx, c.Account(), "after the cut"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, events, 10*time.Second, "a message after the reconnect", func(ev xmppclient.Event) bool {
		m, ok := ev.(xmppclient.MessageEvent)
		return ok && m.Body == "after the cut"
	})
}

// A profile saved while the connection is down is refused with a 503 (the
// UI keeps the form): nothing is sent then, nothing is sent later behind
// the user's back, and saving again once connected publishes it once.
func TestFaultProfileSavedWhileDisconnected(t *testing.T) {
	testenv.EachServerWith(t, testenv.ServerOptions{Private: true}, testFaultProfileSavedWhileDisconnected)
}

func testFaultProfileSavedWhileDisconnected(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, 2*time.Minute)
	var log lockedBuffer
	j, pw := testenv.Account(t, srv)
	cfg := config(srv, j, pw)
	cfg.AvatarCacheDir = t.TempDir()
	cfg.DebugXML = &log
	a := xmppclient.New(cfg)
	aEv, _ := a.Subscribe()
	if err := a.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Logout(context.Background()) })
	b, bEv := online(t, srv)
	befriend(t, a, aEv, b, bEv)

	before := profile.Update{Nickname: "Before Cut", Status: "first"}
	after := profile.Update{Nickname: "After Cut", Status: "second"}
	if _, err := a.UpdateProfile(ctx, before); err != nil {
		t.Fatal(err)
	}

	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, aEv, 10*time.Second, "DISCONNECTED", isStatus(xmppclient.StatusDisconnected))
	t.Run("refused with a 503 while disconnected", func(t *testing.T) {
		// ejabberd closes its sessions (system-shutdown) about a second
		// before its listener, and still lets a client log in meanwhile;
		// the roster request of that session is never answered. The client
		// is then CONNECTING on a session that is dead by the time the
		// update is tried.
		status := a.Status()
		_, err := a.UpdateProfile(ctx, after)
		if errtext.Code(err) != errtext.Unavailable || errtext.Message(err) == "" {
			t.Fatalf("update while %s: code %d (%v), want 503 with a sentence", status, errtext.Code(err), err)
		}
	})

	startCtx, cancel := context.WithTimeout(ctx, time.Minute)
	err := srv.Start(startCtx)
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, aEv, 30*time.Second, "CONNECTED", isStatus(xmppclient.StatusConnected))
	waitFor(t, bEv, 30*time.Second, "contact CONNECTED", isStatus(xmppclient.StatusConnected))
	// The server still has the profile from before the outage, as the
	// owner and as the contact read it.
	for _, r := range []struct {
		c   *xmppclient.Client
		who string
	}{{a, ""}, {b, a.Account()}} {
		p, err := r.c.GetProfile(ctx, r.who)
		if err != nil {
			t.Fatal(err)
		}
		if p.Nickname != before.Nickname || p.Status != before.Status {
			t.Fatalf("after the reconnect the server has %q/%q, want the profile from before the outage", p.Nickname, p.Status)
		}
	}
	if n := publishes(log.String(), after.Nickname); n != 0 {
		t.Fatalf("the refused update was published %d times", n)
	}

	if _, err := a.UpdateProfile(ctx, after); err != nil {
		t.Fatal(err)
	}
	// Read back rather than wait for a live event: right after a server
	// restart Prosody may not yet know the contact's +notify interest
	// (it asks the contact's caps again), and live delivery is covered by
	// TestProfileRoundTrip.
	p, err := b.GetProfile(ctx, a.Account())
	if err != nil {
		t.Fatal(err)
	}
	if p.Nickname != after.Nickname || p.Status != after.Status {
		t.Fatalf("the contact reads %q/%q after the second save", p.Nickname, p.Status)
	}
	if n := publishes(log.String(), after.Nickname); n != 1 {
		t.Fatalf("the update was published %d times, want once", n)
	}
}

// proxied connects a fresh account on srv through p, with a keepalive fast
// enough for a test.
func proxied(t *testing.T, srv *testenv.Server, p *testenv.Proxy) (*xmppclient.Client, <-chan xmppclient.Event) {
	t.Helper()
	j, pw := testenv.Account(t, srv)
	cfg := config(srv, j, pw)
	cfg.Server = p.Addr
	cfg.AvatarCacheDir = t.TempDir()
	cfg.PingInterval = 300 * time.Millisecond
	cfg.PingTimeout = 700 * time.Millisecond
	if f := os.Getenv("PARLEY_TEST_XML"); f != "" {
		w, err := os.Create(f + "-" + strings.ReplaceAll(t.Name(), "/", "_"))
		if err == nil {
			cfg.DebugXML = w
		}
	}
	c := xmppclient.New(cfg)
	events, _ := c.Subscribe()
	if err := c.Connect(testenv.Context(t, 30*time.Second)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Logout(ctx)
	})
	return c, events
}

// selfMessage proves a session works end to end: a message to our own
// account comes back.
func selfMessage(t *testing.T, c *xmppclient.Client, events <-chan xmppclient.Event) {
	t.Helper()
	body := "round trip " + time.Now().Format(time.RFC3339Nano)
	if err := c.SendMessage(testenv.Context(t, 10*time.Second), c.Account(), body); err != nil {
		t.Fatal(err)
	}
	waitFor(t, events, 10*time.Second, "our own message back", func(ev xmppclient.Event) bool {
		m, ok := ev.(xmppclient.MessageEvent)
		return ok && m.Body == body
	})
}

// drain returns what is buffered in events without waiting.
func drain(events <-chan xmppclient.Event) []xmppclient.Event {
	var out []xmppclient.Event
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return out
			}
			out = append(out, ev)
		default:
			return out
		}
	}
}

// readAll reads events until the stream is closed.
func readAll(events <-chan xmppclient.Event) []xmppclient.Event {
	var out []xmppclient.Event
	for ev := range events {
		out = append(out, ev)
	}
	return out
}

// collectUntil returns the connection statuses seen up to and including
// want.
func collectUntil(t *testing.T, events <-chan xmppclient.Event, limit time.Duration, want xmppclient.Status) []xmppclient.Status {
	t.Helper()
	var seen []xmppclient.Status
	waitFor(t, events, limit, string(want), func(ev xmppclient.Event) bool {
		ce, ok := ev.(xmppclient.ConnectionEvent)
		if ok {
			seen = append(seen, ce.Status)
		}
		return ok && ce.Status == want
	})
	return seen
}

func connectionStatuses(evs []xmppclient.Event) []xmppclient.Status {
	var out []xmppclient.Status
	for _, ev := range evs {
		if ce, ok := ev.(xmppclient.ConnectionEvent); ok {
			out = append(out, ce.Status)
		}
	}
	return out
}

func count(statuses []xmppclient.Status, s xmppclient.Status) int {
	n := 0
	for _, x := range statuses {
		if x == s {
			n++
		}
	}
	return n
}

// sendChunk is one write of the client's stanza log (see Config.DebugXML).
var sendChunk = regexp.MustCompile(`(?s)\nSEND (.*?)(?:\n(?:SEND|RECV) |$)`)

// publishes counts the stanzas the client sent that publish nick as its
// nickname.
func publishes(log, nick string) int {
	n := 0
	payload := ">" + nick + "</nick>"
	for i := 0; i < len(log); {
		m := sendChunk.FindStringSubmatchIndex(log[i:])
		if m == nil {
			break
		}
		chunk := log[i+m[2] : i+m[3]]
		if strings.Contains(chunk, "<publish") && strings.Contains(chunk, payload) {
			n++
		}
		i += m[3]
	}
	return n
}

// lockedBuffer is a bytes.Buffer safe for the client's writer and the
// test's reader.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
