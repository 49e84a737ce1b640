package xmppclient

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// feed writes s to l in chunks of n bytes and returns the first error.
func feed(l *stanzaLimiter, s string, n int) error {
	for len(s) > 0 {
		k := min(n, len(s))
		if _, err := l.Write([]byte(s[:k])); err != nil {
			return err
		}
		s = s[k:]
	}
	return nil
}

const header = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='x'>`

func TestStanzaLimiterCountsEachStanza(t *testing.T) {
	// Many stanzas, each under the limit, add up to far more than it.
	stanza := `<message from='a@b/c' to='d@e'><body>` + strings.Repeat("x", 900) + `</body><x xmlns='y' attr='a>b/&gt;'/><!-- c<d> --><![CDATA[<e>]]></message><presence/>` + "\n"
	for _, chunk := range []int{1, 7, 4096} {
		l := newStanzaLimiter(1200)
		if err := feed(l, header+strings.Repeat(stanza, 200), chunk); err != nil {
			t.Fatalf("chunks of %d: %v", chunk, err)
		}
		if l.depth != 1 {
			t.Fatalf("chunks of %d: depth %d after whole stanzas", chunk, l.depth)
		}
	}
}

func TestStanzaLimiterRefusesABigStanza(t *testing.T) {
	for _, chunk := range []int{1, 4096} {
		l := newStanzaLimiter(1000)
		err := feed(l, header+`<message><body>`+strings.Repeat("x", 1001)+`</body></message>`, chunk)
		if err == nil || !strings.Contains(err.Error(), "over") {
			t.Fatalf("chunks of %d: %v", chunk, err)
		}
	}
}

func TestStanzaLimiterRestartsWithANewStreamHeader(t *testing.T) {
	l := newStanzaLimiter(100)
	// STARTTLS: the first stream is never closed; a new header follows.
	s := header + `<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>` + header
	if err := feed(l, s, 3); err != nil {
		t.Fatal(err)
	}
	if l.depth != 1 || l.size != 0 {
		t.Fatalf("depth %d, size %d after a restart", l.depth, l.size)
	}
}

func TestStanzaLimiterRefusesTextBetweenStanzas(t *testing.T) {
	l := newStanzaLimiter(1000)
	if err := feed(l, header+"<presence/>\n \t<presence/>", 5); err != nil {
		t.Fatalf("whitespace between stanzas: %v", err)
	}
	if err := feed(l, "GET / HTTP/1.1", 5); err == nil || !strings.Contains(err.Error(), "text between stanzas") {
		t.Fatalf("junk between stanzas: %v", err)
	}
}

// limitOf is the bound err reports breaking, or "".
func limitOf(err error) StreamLimit {
	var le *StreamLimitError
	if errors.As(err, &le) {
		return le.Limit
	}
	return ""
}

func TestStanzaLimiterBoundsWhitespace(t *testing.T) {
	now := time.Unix(0, 0)
	for name, before := range map[string]string{"before the header": "", "after the header": header} {
		t.Run(name, func(t *testing.T) {
			l := newStanzaLimiter(1 << 20)
			l.now = func() time.Time { return now }
			if err := feed(l, before, 7); err != nil {
				t.Fatal(err)
			}
			err := feed(l, strings.Repeat(" ", wsBurst+1), 512)
			if limitOf(err) != LimitWhitespace {
				t.Fatalf("%d spaces at once: %v", wsBurst+1, err)
			}
			if err := feed(l, "<presence/>", 1); limitOf(err) != LimitWhitespace {
				t.Fatalf("a write after the failure: %v", err)
			}
		})
	}
}

func TestStanzaLimiterAllowsKeepAlives(t *testing.T) {
	now := time.Unix(0, 0)
	l := newStanzaLimiter(1 << 20)
	l.now = func() time.Time { return now }
	if err := feed(l, header, 64); err != nil {
		t.Fatal(err)
	}
	// A day of idle session: a space every 10 s (more than 4 KiB of them
	// in one run), then a newline after each stanza of a burst.
	for range 6 * 60 * 24 {
		now = now.Add(10 * time.Second)
		if err := feed(l, " ", 1); err != nil {
			t.Fatalf("keep-alive after %v: %v", now.Sub(time.Unix(0, 0)), err)
		}
	}
	if err := feed(l, strings.Repeat("<presence/>\n", 20000), 4096); err != nil {
		t.Fatalf("a newline after each stanza: %v", err)
	}
}

func TestStanzaLimiterCountsWhitespaceAgainstTheStanza(t *testing.T) {
	now := time.Unix(0, 0)
	l := newStanzaLimiter(3000)
	l.now = func() time.Time { return now }
	if err := feed(l, header+strings.Repeat(" ", 2000), 64); err != nil {
		t.Fatal(err)
	}
	if err := feed(l, "<message><body>"+strings.Repeat("x", 1000)+"</body></message>", 64); limitOf(err) != LimitStanzaSize {
		t.Fatalf("whitespace and stanza over the bound together: %v", err)
	}
}

func TestStanzaLimiterBoundsDepthAndAttributes(t *testing.T) {
	for _, chunk := range []int{1, 4096} {
		l := newStanzaLimiter(1 << 20)
		ok := header + "<message>" + strings.Repeat("<a>", maxDepth-2) + strings.Repeat("</a>", maxDepth-2) + "</message>"
		if err := feed(l, ok, chunk); err != nil {
			t.Fatalf("chunks of %d: %d levels: %v", chunk, maxDepth, err)
		}
		if err := feed(l, "<message>"+strings.Repeat("<a>", maxDepth-1), chunk); limitOf(err) != LimitDepth {
			t.Fatalf("chunks of %d: %d levels: %v", chunk, maxDepth+1, err)
		}

		l = newStanzaLimiter(1 << 20)
		attrs := func(n int) string {
			var b strings.Builder
			for i := range n {
				fmt.Fprintf(&b, " a%d='>'", i)
			}
			return b.String()
		}
		if err := feed(l, header+"<message"+attrs(maxAttrs)+"/>", chunk); err != nil {
			t.Fatalf("chunks of %d: %d attributes: %v", chunk, maxAttrs, err)
		}
		if err := feed(l, "<message><x"+attrs(maxAttrs+1)+"/></message>", chunk); limitOf(err) != LimitAttributes {
			t.Fatalf("chunks of %d: %d attributes: %v", chunk, maxAttrs+1, err)
		}
	}
}
