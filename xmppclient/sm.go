package xmppclient

import (
	"context"
	"encoding/xml"
	"io"
	"strconv"
	"sync"
	"time"

	"mellium.im/xmlstream"
	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"
)

// Stream management (XEP-0198). mellium has none, so it is Parley's:
// counting and acknowledging stanzas both ways, asking for acks, and
// resuming a broken stream within the server's window, resending exactly
// what the server did not acknowledge.
//
// Counting is done on the wire, by topScanners on mellium's TeeIn and
// TeeOut (see smscan.go): only there is every stanza seen, including IQ
// results that mellium hands to their waiters and the replies handlers
// write. A stanza counts as handled when it has been read.
const nsSM = "urn:xmpp:sm:3"

var timeZero time.Time

const (
	// maxUnacked bounds the resend queue. Past it the session gives up
	// resumption (and the memory) rather than grow without end.
	maxUnacked = 5000
	// maxUnackedBytes bounds it in bytes: a few avatar publishes (up to
	// 10 MiB each) must not pin tens of MiB until the server acks them.
	maxUnackedBytes = 32 << 20
	// smDefaultWindow is the resumption window when the server names none.
	smDefaultWindow = 5 * time.Minute
)

// smState is stream management across one Client's connections.
type smState struct {
	mu sync.Mutex
	// id and window come from <enabled/>; id "" means no resumable stream.
	id     string
	window time.Duration
	bound  jid.JID   // the full JID of the stream to resume
	lost   time.Time // when its connection broke
	// in counts the stanzas read since <enabled/> (XEP-0198's h for our
	// side); out the stanzas written since <enable/>, acked the server's
	// last h. queue holds the written, unacknowledged stanzas: queue[i]
	// is stanza number acked+i+1.
	in, out, acked uint32
	queue          []smStanza
	queueBytes     int // the raw bytes held in queue
	// inOn and outOn: counting is on for the current connection, from
	// <enabled/> or <resumed/> read and <enable/> or <resume/> written.
	inOn, outOn bool
}

type smStanza struct {
	raw     []byte
	msg, to string // a chat message's id and recipient, for its acked state
}

// resumable reports whether a stream can be resumed now.
func (s *smState) resumable() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.id != "" && (s.lost.IsZero() || time.Since(s.lost) < s.window)
}

// connectionLost notes when the stream broke, for the window.
func (s *smState) connectionLost() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inOn, s.outOn = false, false
	if s.lost.IsZero() {
		s.lost = time.Now()
	}
}

// forget drops the resumable stream (a fresh session replaces it) and
// returns the chat messages that were never acknowledged, to resend.
func (s *smState) forget() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	var msgs [][]byte
	for _, st := range s.queue {
		if st.msg != "" {
			msgs = append(msgs, st.raw)
		}
	}
	s.id, s.window, s.bound, s.lost = "", 0, jid.JID{}, time.Time{}
	s.in, s.out, s.acked, s.queue, s.queueBytes, s.inOn, s.outOn = 0, 0, 0, nil, 0, false, false
	return msgs
}

// smTees are the counting scanners of one connection.
func (c *Client) smTees() (in, out io.Writer) {
	inScan := &topScanner{found: func(name string, _ []byte) { c.sm.read(name) }}
	outScan := &topScanner{keep: true, found: c.sm.wrote}
	return inScan, outScan
}

func isStanza(name string) bool { return name == "message" || name == "presence" || name == "iq" }

// read counts one element the server sent.
func (s *smState) read(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case name == "enabled":
		s.in, s.inOn = 0, true
	case name == "resumed":
		s.inOn = true
	case s.inOn && isStanza(name):
		s.in++
	}
}

// wrote counts one element we sent and keeps a stanza until it is acked.
func (s *smState) wrote(name string, raw []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case name == "enable":
		s.out, s.acked, s.queue, s.queueBytes, s.outOn = 0, 0, nil, 0, true
	case name == "resume":
		s.outOn = true
	case s.outOn && isStanza(name):
		s.out++
		id, to := chatMessageID(name, raw)
		s.queue = append(s.queue, smStanza{raw: append([]byte(nil), raw...), msg: id, to: to})
		s.queueBytes += len(raw)
		if len(s.queue) > maxUnacked || s.queueBytes > maxUnackedBytes {
			// The queue would not end: no resumption.
			s.id, s.queue, s.queueBytes, s.outOn = "", nil, 0, false
		}
	}
}

// chatMessageID is the id and recipient of a message stanza with a
// body, "" otherwise.
func chatMessageID(name string, raw []byte) (id, to string) {
	if name != "message" {
		return "", ""
	}
	var m struct {
		ID   string  `xml:"id,attr"`
		To   string  `xml:"to,attr"`
		Body *string `xml:"body"`
	}
	if xml.Unmarshal(raw, &m) != nil || m.Body == nil {
		return "", ""
	}
	if j, err := jid.Parse(m.To); err == nil {
		m.To = j.Bare().String()
	}
	return m.ID, m.To
}

// ack records the server's h and returns the chat messages it
// acknowledged. A count beyond what was sent is a broken server's: it
// acknowledges what there is.
func (s *smState) ack(h uint32) []smStanza {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := int(int32(h - s.acked)) // h wraps at 2^32
	if n <= 0 {
		return nil
	}
	n = min(n, len(s.queue))
	var msgs []smStanza
	for _, st := range s.queue[:n] {
		if st.msg != "" {
			msgs = append(msgs, st)
		}
	}
	for _, st := range s.queue[:n] {
		s.queueBytes -= len(st.raw)
	}
	s.queue = append([]smStanza(nil), s.queue[n:]...)
	s.acked += uint32(n)
	return msgs
}

// onSM handles a stream management element in the stanza handler: an ack
// request is answered through the handler's writer, an ack releases the
// queue, <enabled/> records the stream's id for resumption.
func (c *Client) onSM(t xmlstream.TokenReadEncoder, start *xml.StartElement) error {
	var el struct {
		H      string `xml:"h,attr"`
		ID     string `xml:"id,attr"`
		Resume string `xml:"resume,attr"`
		Max    string `xml:"max,attr"`
	}
	if err := xml.NewTokenDecoder(xmlstream.MultiReader(xmlstream.Token(*start), t)).Decode(&el); err != nil {
		return nil
	}
	switch start.Name.Local {
	case "r":
		c.sm.mu.Lock()
		h := c.sm.in
		c.sm.mu.Unlock()
		_, err := xmlstream.Copy(t, smElement("a", "h", strconv.FormatUint(uint64(h), 10)))
		return err
	case "a":
		h, err := strconv.ParseUint(el.H, 10, 32)
		if err != nil {
			return nil
		}
		c.publishAcked(c.sm.ack(uint32(h)))
	case "enabled":
		if el.Resume != "true" && el.Resume != "1" {
			return nil
		}
		window := smDefaultWindow
		if secs, err := strconv.Atoi(el.Max); err == nil && secs > 0 {
			window = time.Duration(secs) * time.Second
		}
		c.mu.Lock()
		bound := c.bound
		c.mu.Unlock()
		c.sm.mu.Lock()
		c.sm.id, c.sm.window, c.sm.lost, c.sm.bound = el.ID, window, time.Time{}, bound
		c.sm.mu.Unlock()
	}
	return nil
}

func smElement(name string, attrs ...string) xml.TokenReader {
	start := xml.StartElement{Name: xml.Name{Space: nsSM, Local: name}}
	for i := 0; i+1 < len(attrs); i += 2 {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
	}
	return xmlstream.Wrap(nil, start)
}

// enableSM asks for stream management with resumption, without waiting:
// <enabled/> comes through the handler. A server without stream
// management (none advertised) is asked nothing.
func (c *Client) enableSM(ctx context.Context, sess *xmpp.Session, offered bool) {
	if !offered || c.cfg.Quiet {
		return
	}
	if err := sess.Send(ctx, smElement("enable", "resume", "true")); err != nil {
		c.log.Warn("stream management not enabled", "err", err)
	}
}

func (c *Client) publishAcked(msgs []smStanza) {
	for _, m := range msgs {
		c.bus.publish(MessageStateEvent{ID: m.msg, Peer: m.to, State: DeliveryAcked})
	}
}

// requestAck asks the server to acknowledge what it has (<r/>).
func (c *Client) requestAck(ctx context.Context) {
	c.sm.mu.Lock()
	on := c.sm.outOn && len(c.sm.queue) > 0
	c.sm.mu.Unlock()
	if !on {
		return
	}
	if sess, err := c.session(); err == nil {
		_ = sess.Send(ctx, smElement("r"))
	}
}
