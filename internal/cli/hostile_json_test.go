package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// hostile mixes C1 CSI/OSC sequences, bidi overrides and isolates and
// invisible characters (C0 controls such as ESC cannot travel in XML 1.0).
const hostile = "a\u009b31mred\u009d0;title\u009c\u202egnp.exe\u2066x\u2069\u200b\u2028b\u00ad\ufeffz"

// jsonStrings collects every string in a decoded JSON value.
func jsonStrings(v any, out *[]string) {
	switch x := v.(type) {
	case string:
		*out = append(*out, x)
	case map[string]any:
		for k, e := range x {
			*out = append(*out, k)
			jsonStrings(e, out)
		}
	case []any:
		for _, e := range x {
			jsonStrings(e, out)
		}
	}
}

func unsafeIn(s string) []string {
	var bad []string
	for _, r := range s {
		if r == '\u200d' || r == '\u200c' || r == '\n' {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			bad = append(bad, fmt.Sprintf("%U", r))
		}
	}
	return bad
}

// What a hostile contact writes into its profile, a chat message and its
// presence comes out of the CLI's JSON (watch events, profile get)
// without a terminal control, bidi or invisible character, end to end:
// from a scripted server, through xmppclient, through eventJSON.
func TestJSONOfHostileContactIsClean(t *testing.T) {
	const contact = "mallory@localhost"
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	nodeRE := regexp.MustCompile(`node="([^"]+)"`)
	items := map[string]string{
		"urn:xmpp:vcard4":                 fmt.Sprintf("<item id='current'><vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'><nickname><text>%[1]s</text></nickname><note><text>%[1]s</text></note><email><text>%[1]s@example.org</text></email><tel><uri>tel:+44%[1]s</uri></tel></vcard></item>", hostile),
		"http://jabber.org/protocol/nick": fmt.Sprintf("<item id='current'><nick xmlns='http://jabber.org/protocol/nick'>%s</nick></item>", hostile),
	}
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		m := nodeRE.FindStringSubmatch(st.Inner)
		if st.Name != "iq" || m == nil {
			return false
		}
		if item, ok := items[m[1]]; ok {
			_ = s.ReplyIQ(st, fmt.Sprintf("<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='%s'>%s</items></pubsub>", m[1], item))
		} else {
			_ = s.ReplyError(st, "item-not-found")
		}
		return true
	})
	c := xmppclient.New(xmppclient.Config{JID: "user@localhost", Password: "x", Server: f.Addr, CAFile: f.CAFile, AvatarCacheDir: t.TempDir(), Timeout: 5 * time.Second})
	events, _ := c.Subscribe()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := c.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	defer c.Logout(context.Background())
	s := f.NextSession(t, 5*time.Second)

	p, err := c.GetProfile(ctx, contact)
	if err != nil {
		t.Fatal(err)
	}
	out := []any{profileJSON(p)}
	for _, st := range []string{
		fmt.Sprintf("<message from='%s/r' type='chat' id='%s'><body>%s</body></message>", contact, hostile, hostile),
		fmt.Sprintf("<presence from='%s/r'><status>%s</status></presence>", contact, hostile),
	} {
		if err := s.Send(st); err != nil {
			t.Fatal(err)
		}
	}
	kinds := map[string]bool{}
	deadline := time.After(10 * time.Second)
	for len(kinds) < 3 {
		select {
		case ev := <-events:
			e := eventJSON(ev)
			switch e.Event {
			case "profile", "message", "presence":
				kinds[e.Event] = true
				out = append(out, e)
			}
		case <-deadline:
			t.Fatalf("events seen: %v; want profile, message and presence", kinds)
		}
	}
	for _, v := range out {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var decoded any
		if err := json.Unmarshal(b, &decoded); err != nil {
			t.Fatal(err)
		}
		var strs []string
		jsonStrings(decoded, &strs)
		for _, s := range strs {
			if bad := unsafeIn(s); len(bad) > 0 {
				t.Errorf("JSON %s carries %q with %v", b, s, bad)
			}
		}
		if !strings.Contains(string(b), "gnp.exe") {
			t.Errorf("JSON %s lost the visible text", b)
		}
	}
}
