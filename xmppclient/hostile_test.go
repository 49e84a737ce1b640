package xmppclient_test

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"parley/internal/apierr"
	"parley/internal/testenv"
	"parley/profile"
	"parley/xmppclient"
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
func heapPeak(f func()) uint64 {
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

// Text between stanzas (not markup) is a stream error. Observed with
// mellium v0.22.0: Serve stops delivering stanzas after it but does not
// return until the connection is closed, which the keepalive ping does
// (with the default 20 s + 10 s keepalive, nothing happened for 10 s).
// Either way the client must end up usable.
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
	if err := s.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n" + strings.Repeat("junk ", 100000)); err != nil {
		t.Fatal(err)
	}
	if err := s.Send(chat("after junk")); err != nil {
		t.Fatal(err)
	}
	ev := waitFor(t, events, 15*time.Second, "the next message or a reconnect", func(ev xmppclient.Event) bool {
		return messageBody("after junk")(ev) || isStatus(xmppclient.StatusDisconnected)(ev)
	})
	if ce, ok := ev.(xmppclient.ConnectionEvent); ok {
		t.Logf("the stream ended and the client reconnected: %s", ce.Reason)
		waitFor(t, events, 20*time.Second, "CONNECTED again", isStatus(xmppclient.StatusConnected))
		s = f.NextSession(t, 5*time.Second)
	}
	stillUsable(t, s, events)
}

// A huge chat message arrives cut to what is shown, with memory bounded
// by a small multiple of the stanza.
func TestHostileHugeMessage(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	_, events, s := fakeOnline(t, f)
	const size = 20 * mib
	body := strings.Repeat("A", size)
	var got xmppclient.MessageEvent
	grew := heapPeak(func() {
		go func() { _ = s.Send(chat(body)) }()
		ev := waitFor(t, events, 30*time.Second, "the huge message", func(ev xmppclient.Event) bool {
			_, ok := ev.(xmppclient.MessageEvent)
			return ok
		})
		got = ev.(xmppclient.MessageEvent)
	})
	t.Logf("a %d MiB message raised the heap by %d MiB", size/mib, grew/mib)
	if n := len([]rune(got.Body)); n > profile.MaxTextLen {
		t.Fatalf("body of %d runes reached the event", n)
	}
	if grew > 8*size {
		t.Fatalf("a %d MiB stanza raised the heap by %d MiB", size/mib, grew/mib)
	}
	stillUsable(t, s, events)
}

// Deeply nested and unknown elements inside a message are skipped, and
// the message itself still arrives.
func TestHostileDeepNestingAndUnknownNamespaces(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	_, events, s := fakeOnline(t, f)
	const depth = 200000
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
	if apierr.Message(err) == "" {
		t.Errorf("no message: %v", err)
	}
	t.Logf("error: %s", apierr.Message(err))
	if c.Status() != xmppclient.StatusConnected {
		t.Fatalf("status %s after a stray result", c.Status())
	}
	stillUsable(t, s, events)
}

// pubsubServer answers PEP item requests for contactJID from items (node
// → item XML); other nodes are item-not-found.
func pubsubServer(f *testenv.FakeServer, items map[string]string) {
	nodeRE := regexp.MustCompile(`node="([^"]+)"`)
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name != "iq" || st.Type != "get" || !strings.Contains(st.Inner, "http://jabber.org/protocol/pubsub") {
			return false
		}
		m := nodeRE.FindStringSubmatch(st.Inner)
		if m == nil {
			return false
		}
		item, ok := items[m[1]]
		if !ok {
			_ = s.ReplyError(st, "item-not-found")
			return true
		}
		_ = s.ReplyIQ(st, fmt.Sprintf("<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='%s'>%s</items></pubsub>", m[1], item))
		return true
	})
}

func avatarItems(id, typ string, w, h int, data []byte) map[string]string {
	return map[string]string{
		profile.NSAvatarMeta: fmt.Sprintf("<item id='%s'><metadata xmlns='urn:xmpp:avatar:metadata'><info id='%s' type='%s' bytes='%d' width='%d' height='%d'/></metadata></item>", id, id, typ, len(data), w, h),
		profile.NSAvatarData: fmt.Sprintf("<item id='%s'><data xmlns='urn:xmpp:avatar:data'>%s</data></item>", id, base64.StdEncoding.EncodeToString(data)),
		profile.NSNick:       "<item id='current'><nick xmlns='http://jabber.org/protocol/nick'>Mallory</nick></item>",
	}
}

func sha1Hex(b []byte) string {
	s := sha1.Sum(b)
	return hex.EncodeToString(s[:])
}

func smallPNG(t *testing.T, c color.Color) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := 0; i < 64; i++ {
		img.Set(i%8, i/8, c)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// An avatar whose bytes do not match the announced SHA-1 is not shown and
// not cached: the profile keeps only what the metadata says.
func TestHostileAvatarHashMismatch(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	claimed := smallPNG(t, color.White)
	sent := smallPNG(t, color.Black)
	pubsubServer(f, avatarItems(sha1Hex(claimed), "image/png", 8, 8, sent))
	c, events, s := fakeOnline(t, f)
	p, err := c.GetProfile(testenv.Context(t, 10*time.Second), contactJID)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Avatar.Data) != 0 || p.Avatar.Path != "" {
		t.Fatalf("an avatar that does not match its hash was accepted: %d bytes at %q", len(p.Avatar.Data), p.Avatar.Path)
	}
	if p.Nickname != "Mallory" {
		t.Fatalf("the rest of the profile was lost: %+v", p)
	}
	stillUsable(t, s, events)
}

// pngHeader returns a PNG that is only a signature and an IHDR chunk
// claiming w×h pixels.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := append([]byte("IHDR"), ihdr...)
	_ = binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	b.Write(chunk)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	b.Write(make([]byte, 1024)) // something that could be image data
	return b.Bytes()
}

// A PNG that claims 100000×100000 pixels (with the right hash) is refused
// from its header: nothing near 40 GB is ever allocated.
func TestHostileDecompressionBomb(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	bomb := pngHeader(100000, 100000)
	pubsubServer(f, avatarItems(sha1Hex(bomb), "image/png", 100000, 100000, bomb))
	c, events, s := fakeOnline(t, f)
	var p profile.Profile
	var err error
	grew := heapPeak(func() {
		p, err = c.GetProfile(testenv.Context(t, 10*time.Second), contactJID)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Avatar.Data) != 0 {
		t.Fatalf("a 100000×100000 image was accepted")
	}
	if grew > 64*mib {
		t.Fatalf("the heap grew by %d MiB", grew/mib)
	}
	stillUsable(t, s, events)
}

// A 5 MB vCard (legal size for vcard-temp with a photo) is read with
// memory bounded by a small multiple of it, and its text comes out cut to
// the field limit.
func TestHostileHugeVCard(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	desc := strings.Repeat("blah ", mib) // 5 MiB
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name == "iq" && strings.Contains(st.Inner, "vcard-temp") {
			_ = s.ReplyIQ(st, "<vCard xmlns='vcard-temp'><NICKNAME>Big</NICKNAME><DESC>"+desc+"</DESC></vCard>")
			return true
		}
		return false
	})
	c, events, s := fakeOnline(t, f)
	var p profile.Profile
	var err error
	grew := heapPeak(func() {
		p, err = c.VCardTemp(testenv.Context(t, 20*time.Second), contactJID)
	})
	t.Logf("a 5 MiB vCard raised the heap by %d MiB", grew/mib)
	if err != nil {
		t.Fatalf("a 5 MiB vCard: %v", err)
	}
	if p.Nickname != "Big" || len([]rune(p.Status)) > profile.MaxLen {
		t.Fatalf("nickname %q, status of %d runes", p.Nickname, len([]rune(p.Status)))
	}
	if grew > 20*5*mib {
		t.Fatalf("a 5 MiB vCard raised the heap by %d MiB", grew/mib)
	}
	stillUsable(t, s, events)
}

// hostileText mixes what must never reach a terminal: C1 CSI and OSC
// sequences, bidi overrides and isolates, zero-width characters, a line
// separator. (C0 controls such as ESC cannot appear in XML 1.0 at all; see
// TestHostileMalformedXML.)
const hostileText = "a\u009b31mred\u009d0;title\u009c\u202egnp.exe\u2066x\u2069\u200b\u2028b\u00ad\ufeffz"

// unsafeRunes lists what a sanitised string must not contain.
func unsafeRunes(s string) []string {
	var bad []string
	for _, r := range s {
		if r == '\u200d' || r == '\u200c' {
			continue
		}
		if unicode.IsControl(r) && r != '\n' || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			bad = append(bad, fmt.Sprintf("%U", r))
		}
	}
	return bad
}

// Control, bidi and invisible characters in every profile field, in a
// chat message, in presence and in a roster name arrive sanitised in the
// events.
func TestHostileTextIsSanitised(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	x := hostileText
	vcard := fmt.Sprintf("<item id='current'><vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'><fn><text>%s</text></fn><nickname><text>%s</text></nickname><note><text>%s</text></note><email><text>%s@example.org</text></email><tel><uri>tel:+44%s</uri></tel></vcard></item>", x, x, x, x, x)
	items := map[string]string{
		profile.NodeVCard4: vcard,
		profile.NSNick:     fmt.Sprintf("<item id='current'><nick xmlns='http://jabber.org/protocol/nick'>%s</nick></item>", x),
	}
	pubsubServer(f, items)
	c, events, s := fakeOnline(t, f)

	p, err := c.GetProfile(testenv.Context(t, 10*time.Second), contactJID)
	if err != nil {
		t.Fatal(err)
	}
	for field, v := range map[string]string{"nickname": p.Nickname, "status": p.Status, "email": p.Email, "mobile": p.MobileNumber, "jid": p.JID} {
		if bad := unsafeRunes(v); len(bad) > 0 {
			t.Errorf("profile %s %q keeps %v", field, v, bad)
		}
	}
	if p.Nickname == "" || p.Status == "" {
		t.Fatalf("sanitising emptied the profile: %+v", p)
	}

	for _, stanza := range []string{
		// A resource with these characters is not a valid JID (PRECIS):
		// such a stanza is dropped; the others must come through clean.
		fmt.Sprintf("<presence from='%s/%s'/>", contactJID, x),
		fmt.Sprintf("<message from='%s/evil' type='chat' id='%s'><body>%s\nline two</body></message>", contactJID, x, x),
		fmt.Sprintf("<presence from='%s/evil'><show>away</show><status>%s</status></presence>", contactJID, x),
		fmt.Sprintf("<iq type='set' id='push1'><query xmlns='jabber:iq:roster'><item jid='%s' name='%s' subscription='both'><group>%s</group></item></query></iq>", contactJID, x, x),
	} {
		if err := s.Send(stanza); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	defer func() {
		if t.Failed() {
			t.Logf("events seen: %v", seen)
		}
	}()
	waitFor(t, events, 10*time.Second, "message, presence and roster events", func(ev xmppclient.Event) bool {
		var fields map[string]string
		switch e := ev.(type) {
		case xmppclient.MessageEvent:
			fields = map[string]string{"body": strings.ReplaceAll(e.Body, "\n", " "), "id": e.ID, "from": e.From}
		case xmppclient.PresenceEvent:
			fields = map[string]string{"status": e.StatusText, "resource": e.Resource}
		case xmppclient.RosterEvent:
			fields = map[string]string{"name": e.Contact.Name, "group": strings.Join(e.Contact.Groups, ",")}
		default:
			return false
		}
		seen[fmt.Sprintf("%T", ev)] = true
		for k, v := range fields {
			if bad := unsafeRunes(v); len(bad) > 0 {
				t.Errorf("%T %s %q keeps %v", ev, k, v, bad)
			}
		}
		return len(seen) == 3
	})
	t.Logf("checked %v", seen)
	stillUsable(t, s, events)
}

// The free text of a stanza error comes from the other side: it reaches
// the user inside our error message, sanitised like everything else.
func TestHostileErrorTextIsSanitised(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name == "iq" && strings.Contains(st.Inner, "vcard-temp") {
			_ = s.Send(fmt.Sprintf("<iq type='error' id='%s' from='%s'><error type='cancel'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>%s</text></error></iq>", st.ID, contactJID, hostileText))
			return true
		}
		return false
	})
	c, events, s := fakeOnline(t, f)
	_, err := c.VCardTemp(testenv.Context(t, 10*time.Second), contactJID)
	if apierr.Code(err) != apierr.Forbidden {
		t.Fatalf("code %d (%v), want 403", apierr.Code(err), err)
	}
	if bad := unsafeRunes(apierr.Message(err)); len(bad) > 0 {
		t.Fatalf("error message %q keeps %v", apierr.Message(err), bad)
	}
	if !strings.Contains(apierr.Message(err), "gnp.exe") {
		t.Fatalf("the server's text was lost: %q", apierr.Message(err))
	}
	stillUsable(t, s, events)
}
