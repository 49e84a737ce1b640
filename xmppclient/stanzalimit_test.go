package xmppclient

import (
	"strings"
	"testing"
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
