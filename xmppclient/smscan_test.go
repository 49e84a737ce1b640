package xmppclient

import (
	"strings"
	"testing"
)

// The scanner reports each top-level element once, with its exact bytes,
// however the stream is cut into writes; nested elements, quoted '>' and
// CDATA do not confuse it, and a new stream header starts afresh.
func TestTopScannerFindsTopLevelElements(t *testing.T) {
	stream := `<?xml version='1.0'?><stream:stream xmlns='jabber:client' to='x'>` +
		`<stream:features><sm xmlns='urn:xmpp:sm:3'/></stream:features>` +
		` <message id="m1" to='a>b'><body>hi <![CDATA[ <not a tag> ]]></body></message>` + "\n" +
		`<r xmlns='urn:xmpp:sm:3'/><iq type='result' id='x'/>` +
		`<stream:stream xmlns='jabber:client'><presence/>`
	want := []string{
		"features|<stream:features><sm xmlns='urn:xmpp:sm:3'/></stream:features>",
		`message|<message id="m1" to='a>b'><body>hi <![CDATA[ <not a tag> ]]></body></message>`,
		"r|<r xmlns='urn:xmpp:sm:3'/>",
		"iq|<iq type='result' id='x'/>",
		"presence|<presence/>",
	}
	for _, chunk := range []int{1, 3, 7, len(stream)} {
		var got []string
		s := &topScanner{keep: true, found: func(name string, raw []byte) { got = append(got, name+"|"+string(raw)) }}
		for i := 0; i < len(stream); i += chunk {
			_, _ = s.Write([]byte(stream[i:min(len(stream), i+chunk)]))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("in chunks of %d:\n%s", chunk, strings.Join(got, "\n"))
		}
	}
}

// The resend queue is bounded in bytes as well as in stanzas: past the
// bound resumption is given up and the bytes are let go.
func TestUnackedQueueIsBoundedInBytes(t *testing.T) {
	var s smState
	s.id = "stream"
	s.wrote("enable", nil)
	big := []byte("<message><body>" + strings.Repeat("x", 1<<20) + "</body></message>")
	for range maxUnackedBytes>>20 + 1 {
		s.wrote("message", big)
	}
	if s.id != "" || s.queue != nil || s.queueBytes != 0 {
		t.Fatalf("after %d MiB unacked: id %q, %d queued, %d bytes", maxUnackedBytes>>20+1, s.id, len(s.queue), s.queueBytes)
	}
	var ok smState
	ok.id = "stream"
	ok.wrote("enable", nil)
	ok.wrote("message", big)
	ok.ack(1)
	if ok.queueBytes != 0 || len(ok.queue) != 0 || ok.id == "" {
		t.Fatalf("after the ack: %d bytes, %d queued", ok.queueBytes, len(ok.queue))
	}
}
