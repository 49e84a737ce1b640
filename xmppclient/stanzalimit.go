package xmppclient

import (
	"bytes"
	"time"
)

// maxStanza bounds one incoming stanza. The largest legitimate one is an
// avatar data item (10 MiB of image as base64, see maxItem); anything
// bigger is a hostile or broken server, and without a bound the XML
// decoder would buffer it whole (memory grows to ~4× the stanza).
const maxStanza = maxItem + 2<<20

// The other bounds of the incoming stream. encoding/xml keeps a stack
// entry (and a namespace map) per open element and a slice per attribute,
// so 16 MiB of nested <a> cost 1.5 GB before the size bound cut them off;
// no XMPP payload nests deeper than a dozen levels or needs more than a
// few dozen attributes.
const (
	maxDepth = 64  // open elements, the stream element counted as one
	maxAttrs = 128 // attributes (namespace declarations included) of one element
)

// Whitespace between stanzas is legal (RFC 6120 §11.7) and servers send a
// space now and then as a keep-alive (Prosody and ejabberd: one a minute
// or so), sometimes a newline after every stanza. encoding/xml holds a run
// of it whole until the next '<', so a server that sends spaces for ever
// grew a client to gigabytes. The rule: between two stanzas a burst of
// wsBurst bytes, then wsPerMinute more for every minute the run lasts (a
// token bucket, full again at each stanza). That is a million keep-alives
// an hour; a flood breaks it within the first 4 KiB. The run also counts
// against the size of the stanza that follows it, so memory stays bounded
// even by a server that sends exactly the allowed rate for days.
const (
	wsBurst     = 4 << 10
	wsPerMinute = 4 << 10
)

// stanzaLimiter watches the input stream (it is installed as mellium's
// TeeIn, the only place that sees every byte, on the plain stream and
// after TLS) and fails the read once the server breaks a bound: a
// top-level stanza (with the whitespace before it) grows past limit, text
// or a whitespace flood stands between stanzas, elements nest deeper than
// maxDepth or one has more than maxAttrs attributes. The read fails before
// the XML decoder has seen the offending bytes, so its buffers stay within
// a small multiple of the bounds; the session then ends like any broken
// connection, with a *StreamLimitError, and reconnects.
//
// It tracks element depth with a small scanner instead of a real parser:
// XMPP streams have no DTDs, so tags, quoted attribute values, comments,
// processing instructions and CDATA are all it has to tell apart. The
// stream header sits at depth 1 and stanzas at depth 2; a new stream
// header (after STARTTLS or SASL) resets the depth.
type stanzaLimiter struct {
	limit int
	size  int // bytes of the current stanza so far, with the whitespace before it
	depth int
	attrs int // attributes of the current tag so far
	err   *StreamLimitError

	now      func() time.Time
	wsTokens int       // whitespace the current run may still hold
	wsSince  time.Time // when wsTokens was last refilled
	wsRun    bool      // a run of whitespace between stanzas has started

	state   scanState
	quote   byte
	closing bool
	name    []byte // the tag's name, up to len("stream:stream")+1 bytes
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

func newStanzaLimiter(limit int) *stanzaLimiter {
	return &stanzaLimiter{limit: limit, now: time.Now, wsTokens: wsBurst}
}

// Write scans p; it returns a *StreamLimitError once the server broke a
// bound, and the same error on every write after that.
func (l *stanzaLimiter) Write(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	for _, b := range p {
		l.size++
		if l.size > l.limit {
			return 0, l.fail(LimitStanzaSize, l.limit, "")
		}
		if l.state == scanText && l.depth <= 1 {
			if err := l.between(b); err != nil {
				return 0, err
			}
		}
		l.step(b)
		if l.err != nil {
			return 0, l.err
		}
	}
	return len(p), nil
}

func (l *stanzaLimiter) fail(limit StreamLimit, maxN int, detail string) error {
	l.err = &StreamLimitError{Limit: limit, Max: maxN, Detail: detail}
	return l.err
}

// between checks a byte outside any stanza: only whitespace may stand
// there (RFC 6120 §11.7; mellium stops delivering stanzas after such text
// without ending the session, so it is ended here), and only so much.
func (l *stanzaLimiter) between(b byte) error {
	switch b {
	case '<':
		l.wsTokens, l.wsRun = wsBurst, false
		return nil
	case ' ', '\t', '\r', '\n':
	default:
		return l.fail(LimitText, 0, string(b))
	}
	if !l.wsRun {
		l.wsRun, l.wsSince = true, l.now()
	}
	if l.wsTokens == 0 {
		// Refill for the time the run has lasted, in whole bytes.
		now := l.now()
		add := int(now.Sub(l.wsSince) * wsPerMinute / time.Minute)
		if add > 0 {
			l.wsTokens = min(wsBurst, add)
			l.wsSince = now
		}
		if l.wsTokens == 0 {
			return l.fail(LimitWhitespace, wsPerMinute, "")
		}
	}
	l.wsTokens--
	return nil
}

func (l *stanzaLimiter) step(b byte) {
	switch l.state {
	case scanText:
		if b == '<' {
			l.state, l.closing, l.name, l.attrs = scanTagStart, false, l.name[:0], 0
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
			l.addName(b)
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
			l.addName(b)
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
			if l.attrs++; l.attrs > maxAttrs {
				_ = l.fail(LimitAttributes, maxAttrs, "")
			}
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

// addName keeps the start of a tag's name: enough to tell a stream
// header, and no more, so a long name costs nothing here.
func (l *stanzaLimiter) addName(b byte) {
	if len(l.name) <= len("stream:stream") {
		l.name = append(l.name, b)
	}
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
		if l.depth++; l.depth > maxDepth {
			_ = l.fail(LimitDepth, maxDepth, "")
		}
	}
	l.atDepth()
}

// atDepth resets the count whenever a stanza is complete.
func (l *stanzaLimiter) atDepth() {
	if l.depth <= 1 {
		l.size = 0
	}
}
