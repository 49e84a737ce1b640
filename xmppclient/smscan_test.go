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
