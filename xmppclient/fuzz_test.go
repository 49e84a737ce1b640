package xmppclient

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// limiterVerdict feeds stream to a fresh limiter in chunks of size n and
// returns how many bytes it accepted before refusing (len(stream) when it
// never refused).
func limiterVerdict(stream []byte, n, limit int) int {
	l := newStanzaLimiter(limit)
	for off := 0; off < len(stream); off += n {
		end := min(off+n, len(stream))
		if _, err := l.Write(stream[off:end]); err != nil {
			// Which byte tripped it: replay byte by byte from this chunk.
			return off
		}
	}
	return len(stream)
}

// FuzzStanzaLimiter: the limiter is a hand-written scanner fed whatever
// the TLS layer hands over, so its verdict must not depend on how the
// stream is cut into reads, and it must never panic.
func FuzzStanzaLimiter(f *testing.F) {
	header := "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
	for _, s := range []string{
		header + "<message><body>hi</body></message>",
		header + "<iq type='result' id='a'><query xmlns='jabber:iq:roster'><item jid='a@b'/></query></iq>",
		header + "<presence><status><![CDATA[<not a tag>]]></status></presence><!-- c --><presence/>",
		header + "junk",
		header + "<message a='>' b=\"<\"><body>" + string(bytes.Repeat([]byte("x"), 300)) + "</body></message>",
		header + "<?pi stuff?>" + header,
	} {
		f.Add([]byte(s), uint8(1), uint16(200))
	}
	f.Fuzz(func(t *testing.T, stream []byte, chunk uint8, limit uint16) {
		n := int(chunk%64) + 1
		lim := int(limit) + 1
		whole := limiterVerdict(stream, len(stream)+1, lim)
		split := limiterVerdict(stream, n, lim)
		// Chunked, the refusal is reported at the start of the chunk that
		// holds the offending byte; whole, at 0. Both refuse or neither.
		if (whole == len(stream)) != (split == len(stream)) {
			t.Fatalf("whole stream verdict %d, in %d-byte reads %d (len %d)", whole, n, split, len(stream))
		}
		// Byte by byte pins the exact place; a chunked refusal comes in
		// the chunk that holds it.
		exact := limiterVerdict(stream, 1, lim)
		if split != len(stream) && !(split <= exact && exact < split+n) {
			t.Fatalf("refused at byte %d byte by byte, but in the %d-byte read at %d", exact, n, split)
		}
	})
}

// FuzzRawElement: a PEP payload is re-encoded for the profile codecs. When
// that succeeds, the result is well-formed XML that re-encodes to itself
// (namespaces written once and kept).
func FuzzRawElement(f *testing.F) {
	for _, s := range []string{
		`<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'><nickname><text>Al</text></nickname></vcard>`,
		`<nick xmlns='http://jabber.org/protocol/nick'>Al &amp; co</nick>`,
		`<metadata xmlns='urn:xmpp:avatar:metadata'><info id='a' bytes='1' type='image/png'/></metadata>`,
		`<a xmlns='x'><b xmlns='y'><c/></b><!-- c --><?pi?></a>`,
		`<p:a xmlns:p='urn:p'><p:b p:attr='1'/></p:a>`,
		`<a xmlns='x'><b xmlns=''><c/></b></a>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var r rawElement
		if err := xml.Unmarshal(in, &r); err != nil {
			return
		}
		var again rawElement
		if err := xml.Unmarshal(r.XML, &again); err != nil {
			t.Fatalf("re-encoded payload is not well-formed: %v\nin:  %q\nout: %q", err, in, r.XML)
		}
		if !bytes.Equal(again.XML, r.XML) {
			t.Fatalf("re-encoding is not stable:\nonce:  %q\ntwice: %q", r.XML, again.XML)
		}
	})
}
