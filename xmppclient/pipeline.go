package xmppclient

import (
	"context"
	"encoding/xml"
	"sync"

	"mellium.im/xmlstream"
	"mellium.im/xmpp"
	"mellium.im/xmpp/carbons"
	"mellium.im/xmpp/stanza"
)

// The log-in asks for the roster and for carbons at once, and sends the
// initial presence as soon as both are answered, before the roster is
// worked through. The presence goes after the answers, not before them,
// because of how the server works: the initial presence is the expensive
// stanza (Prosody probes every contact and sends the last PEP items of
// each, three nodes for every contact), and Prosody writes what it
// answered only after it has handled everything one read brought. With
// the presence in the same read as the roster request, or before it, the
// roster's answer waited behind all that work: 1.2 s with 300 contacts,
// 10 s with 1,000, a list that could not be shown. Waiting costs the
// presence one round trip on a server that answers a versioned roster
// with an empty result.

// request is a log-in request in flight.
type request struct {
	answered chan struct{} // closed once the server's answer is in (or the request failed)
	done     chan error    // its outcome, once the answer is worked through
}

// startRequest runs send in the background; send calls answered (once or
// more) when the server's answer has arrived, and returns when it has
// worked it through.
func startRequest(send func(answered func()) error) request {
	r := request{answered: make(chan struct{}), done: make(chan error, 1)}
	var once sync.Once
	answered := func() { once.Do(func() { close(r.answered) }) }
	go func() {
		err := send(answered)
		answered()
		r.done <- err
	}()
	return r
}

// awaitAnswers waits until every request is answered or ctx ends.
func awaitAnswers(ctx context.Context, reqs ...request) {
	for _, r := range reqs {
		select {
		case <-r.answered:
		case <-ctx.Done():
			return
		}
	}
}

// startCarbons asks the server to copy this account's messages of other
// resources to this one (message carbons, XEP-0280). A server without
// carbons is no failure: those messages are then missing from this
// session, and the archive catch-up fills them in later. (mellium's
// carbons.Enable would do; the IQ is written here only so that its
// answer is awaited with the roster's.)
func (c *Client) startCarbons(ctx context.Context, sess *xmpp.Session) request {
	return startRequest(func(func()) error {
		if c.cfg.Quiet {
			return nil // a one-shot session takes no messages at all
		}
		enable := xmlstream.Wrap(nil, xml.StartElement{Name: xml.Name{Space: carbons.NS, Local: "enable"}})
		return sess.UnmarshalIQElement(ctx, enable, stanza.IQ{Type: stanza.SetIQ}, nil)
	})
}
