package xmppclient

import (
	"context"
	"encoding/xml"
	"io"
	"sync"

	"mellium.im/xmlstream"
	"mellium.im/xmpp"
	"mellium.im/xmpp/carbons"
	"mellium.im/xmpp/stanza"
)

// The log-in's requests are written before the initial presence, and their
// answers awaited after it. The order matters on the server's side: a
// server handles a session's stanzas one after the other, and the initial
// presence is the expensive one (Prosody probes every contact and sends
// the last PEP items of each, three nodes for every contact). A roster
// request written after it was answered only once all that was done: 10 s
// with 1,000 contacts, during which the list could not be shown. Written
// before, the roster (with versioning often an empty answer) and the
// carbons come back at once, and the presence still leaves a few
// microseconds after the log-in, not a round trip later.

// sentSignal wraps an IQ's payload so that sent runs once the session has
// read all of it: the session reads a stanza while holding its write lock,
// so whatever is sent after sent ran follows this IQ on the wire.
type sentSignal struct {
	r    xml.TokenReader
	once *sync.Once
	sent func()
}

func (s sentSignal) Token() (xml.Token, error) {
	t, err := s.r.Token()
	if err == io.EOF {
		s.once.Do(s.sent)
	}
	return t, err
}

// request is a log-in request started before the presence.
type request struct {
	written chan struct{} // closed once the request is on the wire (or failed)
	done    chan error    // its outcome
}

// startRequest runs send (which must pass its payload through wrap) in
// the background and returns once its stanza is written.
func startRequest(ctx context.Context, send func(wrap func(xml.TokenReader) xml.TokenReader) error) request {
	r := request{written: make(chan struct{}), done: make(chan error, 1)}
	once := &sync.Once{}
	signal := func() { close(r.written) }
	go func() {
		err := send(func(p xml.TokenReader) xml.TokenReader { return sentSignal{r: p, once: once, sent: signal} })
		once.Do(signal) // failed before writing: do not hold the presence
		r.done <- err
	}()
	select {
	case <-r.written:
	case <-ctx.Done():
	}
	return r
}

// startCarbons asks the server to copy this account's messages of other
// resources to this one (message carbons, XEP-0280). A server without
// carbons is no failure: those messages are then missing from this
// session, and the archive catch-up fills them in later. mellium's
// carbons.Enable writes the request and waits for the answer in one call;
// the request is written here with the session's own IQ call so that it
// can go before the presence and be awaited after it.
func (c *Client) startCarbons(ctx context.Context, sess *xmpp.Session) request {
	if c.cfg.Quiet {
		r := request{written: make(chan struct{}), done: make(chan error, 1)}
		close(r.written)
		r.done <- nil // a one-shot session takes no messages at all
		return r
	}
	return startRequest(ctx, func(wrap func(xml.TokenReader) xml.TokenReader) error {
		enable := xmlstream.Wrap(nil, xml.StartElement{Name: xml.Name{Space: carbons.NS, Local: "enable"}})
		return sess.UnmarshalIQElement(ctx, wrap(enable), stanza.IQ{Type: stanza.SetIQ}, nil)
	})
}
