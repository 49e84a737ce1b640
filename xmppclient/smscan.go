package xmppclient

import "bytes"

// topScanner finds the top-level elements (depth 2: stanzas and stream
// management's nonzas) in one direction of a stream, from its bytes, and
// reports each complete one with its name and, when keep is set, its
// bytes. Stream management needs it on both sides: the count of stanzas
// must cover everything on the wire, including the IQ replies mellium
// and its handlers write and the IQ results mellium takes before any
// handler sees them, and a stanza the server did not acknowledge is
// resent as the bytes it was.
//
// It tracks depth like stanzaLimiter (tags, quoted attribute values,
// CDATA; XMPP has no comments, PIs or DTDs); the two are separate because
// the limiter must refuse bytes before anything else reads them, while
// this one only watches.
type topScanner struct {
	keep  bool
	found func(name string, raw []byte)

	depth   int
	state   scanState
	quote   byte
	closing bool
	name    []byte
	top     []byte // name of the current top-level element
	prev    byte
	tail    []byte
	raw     bytes.Buffer
}

func (s *topScanner) Write(p []byte) (int, error) {
	for _, b := range p {
		// Inside a top-level element, or starting a tag: the element's
		// bytes, from its '<' to its last '>'.
		if s.keep && (s.depth >= 2 || s.state != scanText || b == '<') {
			s.raw.WriteByte(b)
		}
		s.step(b)
	}
	return len(p), nil
}

func (s *topScanner) step(b byte) {
	switch s.state {
	case scanText:
		if b == '<' {
			s.state, s.closing, s.name = scanTagStart, false, s.name[:0]
		}
	case scanTagStart:
		switch b {
		case '/':
			s.closing, s.state = true, scanTagName
		case '!', '?':
			s.state, s.tail = scanSpecial, s.tail[:0]
		default:
			s.name = append(s.name, b)
			s.state = scanTagName
		}
	case scanTagName:
		switch b {
		case ' ', '\t', '\r', '\n', '/':
			s.state = scanTag
		case '>':
			s.endTag(false)
		default:
			s.name = append(s.name, b)
		}
	case scanTag:
		switch b {
		case '"', '\'':
			s.quote, s.state = b, scanQuote
		case '>':
			s.endTag(s.prev == '/')
		}
	case scanQuote:
		if b == s.quote {
			s.state = scanTag
		}
	case scanSpecial:
		s.tail = append(s.tail, b)
		cdata := bytes.HasPrefix(s.tail, []byte("[CDATA["))
		if b == '>' && (!cdata || bytes.HasSuffix(s.tail, []byte("]]>"))) {
			s.state = scanText
		}
		if len(s.tail) > 16 && cdata {
			s.tail = append(s.tail[:7], s.tail[len(s.tail)-3:]...)
		}
	}
	s.prev = b
}

func (s *topScanner) endTag(selfClosing bool) {
	s.state = scanText
	if !s.closing && (string(s.name) == "stream:stream" || string(s.name) == "stream") {
		s.depth = 1 // a (new) stream header
		s.raw.Reset()
		return
	}
	switch {
	case s.closing:
		s.depth--
		if s.depth == 1 {
			s.emit()
		}
	case selfClosing:
		if s.depth == 1 {
			s.top = append(s.top[:0], s.name...)
			s.emit()
		}
	default:
		s.depth++
		if s.depth == 2 {
			s.top = append(s.top[:0], s.name...)
		}
	}
}

func (s *topScanner) emit() {
	if s.found != nil {
		s.found(localName(s.top), s.raw.Bytes())
	}
	s.raw.Reset()
}

// localName drops a prefix ("stream:features" is "features").
func localName(b []byte) string {
	if i := bytes.IndexByte(b, ':'); i >= 0 {
		b = b[i+1:]
	}
	return string(b)
}
