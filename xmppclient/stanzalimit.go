package xmppclient

import (
	"bytes"
	"fmt"
)

// maxStanza bounds one incoming stanza. The largest legitimate one is an
// avatar data item (10 MiB of image as base64, see maxItem); anything
// bigger is a hostile or broken server, and without a bound the XML
// decoder would buffer it whole (memory grows to ~4× the stanza).
const maxStanza = maxItem + 2<<20

// stanzaLimiter watches the decrypted input stream (it is installed as
// mellium's TeeIn, the only place that sees every byte after TLS) and fails
// the read once a top-level stanza grows past limit; the session then ends
// like any broken connection and reconnects.
//
// It tracks element depth with a small scanner instead of a real parser:
// XMPP streams have no DTDs, so tags, quoted attribute values, comments,
// processing instructions and CDATA are all it has to tell apart. The
// stream header sits at depth 1 and stanzas at depth 2; a new stream
// header (after STARTTLS or SASL) resets the depth.
type stanzaLimiter struct {
	limit int
	size  int // bytes of the current stanza so far
	depth int

	state   scanState
	quote   byte
	closing bool
	name    []byte
	prev    byte
	tail    []byte // last bytes of a comment/CDATA/PI, to find its end
	tailEnd string
}

type scanState int

const (
	scanText scanState = iota
	scanTagStart
	scanTagName
	scanTag
	scanQuote
	scanSpecial // <? … ?>, <!-- … -->, <![CDATA[ … ]]>
)

func newStanzaLimiter(limit int) *stanzaLimiter { return &stanzaLimiter{limit: limit} }

// Write scans p; it returns an error once the current stanza is too big or
// the stream holds text outside any stanza.
func (l *stanzaLimiter) Write(p []byte) (int, error) {
	for _, b := range p {
		if l.state == scanText && l.depth <= 1 && b != '<' && b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			// Only whitespace may stand between stanzas (RFC 6120 §11.7).
			// mellium stops delivering stanzas after such text without
			// ending the session, so end it here.
			return 0, fmt.Errorf("the server sent text between stanzas (%q); dropping the connection", b)
		}
		if l.depth >= 2 || l.state != scanText {
			l.size++
			if l.size > l.limit {
				return 0, fmt.Errorf("a stanza from the server is over %d MiB; dropping the connection", l.limit>>20)
			}
		}
		l.step(b)
	}
	return len(p), nil
}

func (l *stanzaLimiter) step(b byte) {
	switch l.state {
	case scanText:
		if b == '<' {
			l.state, l.closing, l.name = scanTagStart, false, l.name[:0]
		}
	case scanTagStart:
		switch b {
		case '/':
			l.closing, l.state = true, scanTagName
		case '?':
			l.special("?>")
		case '!':
			l.special("") // decided by the next bytes: "--" or "[CDATA["
		default:
			l.name = append(l.name, b)
			l.state = scanTagName
		}
	case scanTagName:
		switch b {
		case ' ', '\t', '\r', '\n':
			l.state = scanTag
		case '/':
			l.state = scanTag
		case '>':
			l.endTag(false)
		default:
			l.name = append(l.name, b)
		}
	case scanTag:
		switch b {
		case '"', '\'':
			l.quote, l.state = b, scanQuote
		case '>':
			l.endTag(l.prev == '/')
		}
	case scanQuote:
		if b == l.quote {
			l.state = scanTag
		}
	case scanSpecial:
		l.tail = append(l.tail, b)
		if l.tailEnd == "" && len(l.tail) >= 2 {
			if bytes.HasPrefix(l.tail, []byte("--")) {
				l.tailEnd = "-->"
			} else if l.tail[0] == '[' {
				l.tailEnd = "]]>"
			} else {
				l.tailEnd = ">" // <!DOCTYPE…>: not allowed in XMPP, ends at '>'
			}
		}
		if l.tailEnd != "" && len(l.tail) >= len(l.tailEnd)+2 && bytes.HasSuffix(l.tail, []byte(l.tailEnd)) {
			l.state, l.tail, l.tailEnd = scanText, l.tail[:0], ""
			l.atDepth()
		}
		if len(l.tail) > 16 {
			l.tail = append(l.tail[:0], l.tail[len(l.tail)-8:]...)
		}
	}
	l.prev = b
}

func (l *stanzaLimiter) special(end string) {
	l.state, l.tail, l.tailEnd = scanSpecial, l.tail[:0], end
	if end != "" {
		l.tail = append(l.tail, "xx"...) // so the length check above holds
	}
}

func (l *stanzaLimiter) endTag(selfClosing bool) {
	l.state = scanText
	name := string(l.name)
	switch {
	case !l.closing && (name == "stream:stream" || name == "stream"):
		l.depth = 1 // a (new) stream header
	case l.closing:
		l.depth--
	case !selfClosing:
		l.depth++
	}
	l.atDepth()
}

// atDepth resets the count whenever a stanza is complete.
func (l *stanzaLimiter) atDepth() {
	if l.depth <= 1 {
		l.size = 0
	}
}
