package xmppclient_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// The hostile input suite: a scripted fake server (testenv.FakeServer)
// sends what no honest server would. The client must not panic, must keep
// memory bounded, must say what went wrong, and must stay usable where
// the protocol allows (or reconnect where it does not).

const contactJID = "mallory@localhost"

// fakeOnline connects a client to f and returns it with its events and
// the server side of the connection.
func fakeOnline(t *testing.T, f *testenv.FakeServer) (*xmppclient.Client, <-chan xmppclient.Event, *testenv.FakeSession) {
	t.Helper()
	cfg := fakeConfig(f)
	cfg.AvatarCacheDir = t.TempDir()
	c := xmppclient.New(cfg)
	events, _ := c.Subscribe()
	if err := c.Connect(testenv.Context(t, 20*time.Second)); err != nil {
		t.Fatalf("connect to the fake server: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Logout(ctx)
	})
	return c, events, f.NextSession(t, 5*time.Second)
}

// chat is a message from the hostile contact.
func chat(body string) string {
	return fmt.Sprintf("<message from='%s/evil' type='chat' id='m1'><body>%s</body></message>", contactJID, body)
}

func messageBody(body string) func(xmppclient.Event) bool {
	return func(ev xmppclient.Event) bool {
		m, ok := ev.(xmppclient.MessageEvent)
		return ok && m.Body == body
	}
}

// stillUsable proves the session answers: a well-formed message after the
// hostile input arrives as an event.
func stillUsable(t *testing.T, s *testenv.FakeSession, events <-chan xmppclient.Event) {
	t.Helper()
	if err := s.Send(chat("still there?")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, events, 10*time.Second, "a normal message after the hostile one", messageBody("still there?"))
}

// heapPeak runs f while sampling the heap, and returns how far the heap
// in use rose above where it started.
//
// HeapInuse also counts garbage not yet collected, so with the default GC
// pacing the figure depended on when collections happened to run (56 or
// 120 MiB for the same 40 MiB stanza). A low GOGC while f runs keeps the
// garbage small, so the peak measures what is held.
// allocated is how many bytes f allocated on the heap (every goroutine's,
// so the fake server's too): unlike the heap's peak it does not depend on
// when the collector ran, so it tells one copy more of a big payload.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func heapPeak(f func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	peak := base
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	return peak - base
}

const mib = 1 << 20

// Malformed XML ends the stream (RFC 6120 §4.9.3.1: not-well-formed is a
// stream error): the client reports the loss with a reason, reconnects,
// and the new session works. Raw escape and bell characters are
// malformed XML too: they cannot reach a terminal this way.
func TestHostileMalformedXML(t *testing.T) {
	for name, garbage := range map[string]string{
		"mismatched tags":  chat("hi</bod></message>"),
		"raw escape codes": chat("\x1b]0;owned\x07\x1b[31mred"),
		"undefined entity": chat("&evil;"),
		"broken markup":    "<<message/>>",
	} {
		t.Run(name, func(t *testing.T) {
			f := testenv.NewFakeServer(t, testenv.FakeOptions{})
			_, events, s := fakeOnline(t, f)
			if err := s.Send(garbage); err != nil {
				t.Fatal(err)
			}
			ev := waitFor(t, events, 10*time.Second, "DISCONNECTED", isStatus(xmppclient.StatusDisconnected))
			if reason := ev.(xmppclient.ConnectionEvent).Reason; reason == "" {
				t.Errorf("no reason given for the lost connection")
			} else {
				t.Logf("reason: %s", reason)
			}
			waitFor(t, events, 20*time.Second, "CONNECTED again", isStatus(xmppclient.StatusConnected))
			stillUsable(t, f.NextSession(t, 5*time.Second), events)
		})
	}
}

// Text between stanzas (not markup) is a stream error. mellium v0.22.0
// stops delivering stanzas after it without ending the session, so the
// client's stanza limiter drops the connection at once; either way the
// client must end up usable.
func TestHostileJunkTextBetweenStanzas(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	cfg := fakeConfig(f)
	cfg.AvatarCacheDir = t.TempDir()
	cfg.PingInterval, cfg.PingTimeout = 300*time.Millisecond, 700*time.Millisecond
	c := xmppclient.New(cfg)
	events, _ := c.Subscribe()
	if err := c.Connect(testenv.Context(t, 20*time.Second)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Logout(context.Background()) })
	s := f.NextSession(t, 5*time.Second)
	// The client may drop the connection while the junk is still being
	// written, so neither write has to succeed.
	_ = s.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n" + strings.Repeat("junk ", 100000))
	_ = s.Send(chat("after junk"))
	ev := waitFor(t, events, 15*time.Second, "the next message or a reconnect", func(ev xmppclient.Event) bool {
		return messageBody("after junk")(ev) || isStatus(xmppclient.StatusDisconnected)(ev)
	})
	// The limiter's rule must be what ended the stream: without it mellium
	// may end the stream too, with a reason of its own.
	ce, ok := ev.(xmppclient.ConnectionEvent)
	if !ok {
		t.Fatal("a message after junk text was delivered: the stream should have ended at the junk")
	}
	if !strings.Contains(ce.Reason, "text between stanzas") {
		t.Fatalf("the stream ended, but not by the rule against text between stanzas: %q", ce.Reason)
	}
	waitFor(t, events, 20*time.Second, "CONNECTED again", isStatus(xmppclient.StatusConnected))
	stillUsable(t, f.NextSession(t, 5*time.Second), events)
}

// A stanza over the bound ends the connection before it is buffered
// whole (memory stays a small multiple of the bound, not of the stanza),
// and the client reconnects.
func TestHostileHugeMessage(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	_, events, s := fakeOnline(t, f)
	const size = 40 * mib
	stanza := chat(strings.Repeat("A", size))
	var reason string
	grew := heapPeak(func() {
		go func() { _ = s.Send(stanza) }()
		ev := waitFor(t, events, 30*time.Second, "the connection dropped", func(ev xmppclient.Event) bool {
			if _, ok := ev.(xmppclient.MessageEvent); ok {
				t.Fatal("a 40 MiB message was delivered")
			}
			return isStatus(xmppclient.StatusDisconnected)(ev)
		})
		reason = ev.(xmppclient.ConnectionEvent).Reason
	})
	t.Logf("a %d MiB message raised the heap by %d MiB; reason: %s", size/mib, grew/mib, reason)
	if !strings.Contains(reason, "stanza") {
		t.Errorf("the reason does not name the oversized stanza: %q", reason)
	}
	// The stanza's bytes were built before the measurement and the fake
	// server sends them without copying, so the growth is the client's:
	// the XML decoder's buffer, which doubles as it fills, reaches twice
	// the bound before the limiter cuts the connection (32 or 40 MiB
	// measured, with the read buffers). A client that buffered the whole
	// 40 MiB stanza would hold at least 64 MiB of it.
	// Under -race every allocation is bigger (heapSlack).
	if float64(grew) > 3*xmppclient.MaxStanza*heapSlack {
		t.Fatalf("a %d MiB stanza raised the heap by %d MiB", size/mib, grew/mib)
	}
	waitFor(t, events, 20*time.Second, "CONNECTED again", isStatus(xmppclient.StatusConnected))
	stillUsable(t, f.NextSession(t, 5*time.Second), events)
}

// A big message under the bound arrives, cut to what is shown.
func TestHostileBigMessage(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	_, events, s := fakeOnline(t, f)
	body := strings.Repeat("A", 4*mib)
	go func() { _ = s.Send(chat(body)) }()
	ev := waitFor(t, events, 30*time.Second, "the big message", func(ev xmppclient.Event) bool {
		_, ok := ev.(xmppclient.MessageEvent)
		return ok
	})
	if n := len([]rune(ev.(xmppclient.MessageEvent).Body)); n > profile.MaxTextLen {
		t.Fatalf("body of %d runes reached the event", n)
	}
	stillUsable(t, s, events)
}

// Nested (as deep as the stream allows) and unknown elements inside a
// message are skipped, and the message itself still arrives. Deeper
// nesting ends the stream (TestHostileLiveFloods).
func TestHostileDeepNestingAndUnknownNamespaces(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	_, events, s := fakeOnline(t, f)
	const depth = 60 // stream, message and x make 63 with the deepest <a>
	nested := strings.Repeat("<a>", depth) + strings.Repeat("</a>", depth)
	msg := fmt.Sprintf("<message from='%s/evil' type='chat'><body>nested</body><x xmlns='urn:example:evil'>%s</x><y xmlns='urn:example:unknown' z='1'/></message>", contactJID, nested)
	if err := s.Send(msg); err != nil {
		t.Fatal(err)
	}
	waitFor(t, events, 20*time.Second, "the message around the nesting", messageBody("nested"))

	// A request in a namespace nobody knows is answered with an error,
	// not ignored (RFC 6120 §8.2.3), and not fatal.
	answered := make(chan string, 1)
	f.OnStanza(func(_ *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name == "iq" && st.ID == "unknown-1" {
			answered <- st.Type + " " + st.Inner
			return true
		}
		return false
	})
	if err := s.Send("<iq type='get' id='unknown-1' from='localhost'><query xmlns='urn:example:nobody-knows'/></iq>"); err != nil {
		t.Fatal(err)
	}
	select {
	case reply := <-answered:
		if !strings.HasPrefix(reply, "error ") || !strings.Contains(reply, "service-unavailable") {
			t.Fatalf("reply to an unknown request: %s", reply)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no reply to an IQ in an unknown namespace")
	}
	stillUsable(t, s, events)
}

// An IQ result with the wrong id does not answer our request: the call
// ends at its deadline with an error, the stray result is ignored, and
// the session goes on.
func TestHostileWrongIQIDs(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	c, events, s := fakeOnline(t, f)
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name == "iq" && strings.Contains(st.Inner, "vcard-temp") {
			_ = s.Send(fmt.Sprintf("<iq type='result' id='x%s'><vCard xmlns='vcard-temp'><NICKNAME>forged</NICKNAME></vCard></iq>", st.ID))
			return true
		}
		return false
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	p, err := c.VCardTemp(ctx, contactJID)
	if err == nil {
		t.Fatalf("a result with another id was taken as the answer: %+v", p)
	}
	if errtext.Message(err) == "" {
		t.Errorf("no message: %v", err)
	}
	t.Logf("error: %s", errtext.Message(err))
	if c.Status() != xmppclient.StatusConnected {
		t.Fatalf("status %s after a stray result", c.Status())
	}
	stillUsable(t, s, events)
}
