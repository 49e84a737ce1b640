package xmppclient

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/xml"
	"errors"
	"io"
	"sync"

	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/stanza"
)

const (
	// maxItem bounds one PEP item we accept: an avatar of 10 MiB in base64
	// plus room for the element.
	maxItem = 14 << 20
)

type pubsubEvent struct {
	Items *struct {
		Node    string    `xml:"node,attr"`
		Item    []pepItem `xml:"item"`
		Retract []struct {
			ID string `xml:"id,attr"`
		} `xml:"retract"`
	} `xml:"items"`
}

type pepItem struct {
	ID      string     `xml:"id,attr"`
	Payload rawElement `xml:",any"`
}

// rawElement keeps an element as XML bytes for the codecs of package
// profile. encoding/xml's innerxml does not work on a token stream, and
// re-encoded resolved tokens would carry xmlns twice, so the
// namespace declarations are dropped and written again by the encoder.
type rawElement struct {
	XML []byte
}

func (r *rawElement) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	w := rawWriters.Get().(*rawWriter)
	if err := w.copyElement(d, start); err != nil {
		return err // w is dropped: its encoder may be in the middle of an element
	}
	if w.buf.Cap() > maxPooledRaw {
		r.XML = w.buf.Bytes() // a big payload keeps the buffer: no copy of it
		return nil
	}
	r.XML = bytes.Clone(w.buf.Bytes())
	rawWriters.Put(w)
	return nil
}

// rawWriter is an encoder with its buffer, kept for the next element: a
// new xml.Encoder costs a 4 KiB buffer of its own, and with a log-in's
// burst of 3,000 notifications that was half of what each cost to read
// (about 8.5 KiB). A writer goes back only after a whole element, when
// its encoder's stacks are empty again.
type rawWriter struct {
	buf   bytes.Buffer
	limit limitWriter
	enc   *resolvedEncoder
}

// maxPooledRaw is the largest buffer kept: an avatar's bytes are not.
const maxPooledRaw = 64 << 10

var rawWriters = sync.Pool{New: func() any {
	w := &rawWriter{}
	w.limit.w = &w.buf
	w.enc = newResolvedEncoder(&w.limit)
	return w
}}

// copyElement encodes start and the rest of its element from d into buf.
func (w *rawWriter) copyElement(d *xml.Decoder, start xml.StartElement) error {
	w.buf.Reset()
	w.limit.n = maxItem
	w.enc.spaces = w.enc.spaces[:0]
	if err := w.enc.encode(start); err != nil {
		return err
	}
	depth := 1
	for depth > 0 {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.Comment, xml.ProcInst, xml.Directive:
			continue
		}
		if err := w.enc.encode(tok); err != nil {
			return err
		}
	}
	return w.enc.Flush()
}

// pepState drops a PEP notification only when it repeats the current item
// of that node for that publisher: Prosody sends each notification to the
// bare and to the full JID. What was seen earlier, however recently, is no
// reason to drop a change: X → Y → X must end on X. A payload is kept as
// its SHA-256, so a flood of big items costs 32 bytes per node.
type pepState struct {
	mu      sync.Mutex
	current map[pepNode][sha256.Size]byte
}

type pepNode struct{ from, node string }

// maxPEPNodes bounds pepState against publishers that are not contacts;
// past it the state starts over, which lets one repeat through at worst.
const maxPEPNodes = 8192

// changed records item as the current state of from's node and reports
// whether it differs from what was current.
func (d *pepState) changed(from, node, itemID string, payload []byte) bool {
	h := sha256.New()
	h.Write([]byte(itemID))
	h.Write([]byte{0})
	h.Write(payload)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	k := pepNode{from, node}
	d.mu.Lock()
	defer d.mu.Unlock()
	if prev, ok := d.current[k]; ok && prev == sum {
		return false
	}
	if d.current == nil || len(d.current) >= maxPEPNodes {
		d.current = map[pepNode][sha256.Size]byte{}
	}
	d.current[k] = sum
	return true
}

// retracted forgets from's node: after a retraction the same item again is
// a change.
func (d *pepState) retracted(from, node string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.current, pepNode{from, node})
}

// onPEPEvent runs in the stanza handler.
func (c *Client) onPEPEvent(from jid.JID, ev *pubsubEvent) {
	if ev.Items == nil {
		return
	}
	node := ev.Items.Node
	for _, it := range ev.Items.Item {
		if !c.pepSeen.changed(from.String(), node, it.ID, it.Payload.XML) {
			continue
		}
		pe := PEPEvent{From: from.String(), Node: node, ItemID: it.ID, Payload: it.Payload.XML}
		c.bus.publish(pe)
		c.onProfileNodeChanged(pe)
	}
	for _, r := range ev.Items.Retract {
		c.pepSeen.retracted(from.String(), node)
		pe := PEPEvent{From: from.String(), Node: node, ItemID: r.ID, Retracted: true}
		c.bus.publish(pe)
		c.onProfileNodeChanged(pe)
	}
}

// PublishOptions are the node settings a publish asks for (XEP-0060
// publish-options); the profile nodes are readable by contacts.
type PublishOptions struct {
	AccessModel string // "presence" (contacts), "open", "whitelist"
	MaxItems    int    // 0: leave the server's default
}

// Publish puts one item on a PEP node of our own account. payload is the
// item's child element as XML.
func (c *Client) Publish(ctx context.Context, node, itemID string, payload []byte, opts PublishOptions) error {
	sess, err := c.session()
	if err != nil {
		return err
	}
	iq := stanza.IQ{Type: stanza.SetIQ}
	if err := sess.UnmarshalIQElement(ctx, publishRequest(node, itemID, payload, opts), iq, nil); err != nil {
		return stanzaErr(err, "Publishing to "+node)
	}
	return nil
}

type pubsubItems struct {
	Items struct {
		Item []pepItem `xml:"item"`
	} `xml:"items"`
}

// FetchLatest returns the newest item of owner's PEP node (our own account
// when owner is ""): its id and payload XML. A node without items is a 404.
func (c *Client) FetchLatest(ctx context.Context, owner, node string) (string, []byte, error) {
	return c.FetchItem(ctx, owner, node, "")
}

// FetchItem returns one item of a PEP node by id, or the newest when id is
// "".
func (c *Client) FetchItem(ctx context.Context, owner, node, id string) (string, []byte, error) {
	sess, err := c.session()
	if err != nil {
		return "", nil, err
	}
	iq := stanza.IQ{Type: stanza.GetIQ}
	if owner != "" {
		j, err := parseContact(owner)
		if err != nil {
			return "", nil, err
		}
		iq.To = j
	}
	var res pubsubItems
	if err := sess.UnmarshalIQElement(ctx, itemsRequest(node, id), iq, &res); err != nil {
		if errors.Is(err, io.EOF) {
			return "", nil, &PeerError{Node: node, Problem: PeerNothingPublished}
		}
		return "", nil, stanzaErr(err, "Fetching "+node)
	}
	if len(res.Items.Item) == 0 {
		return "", nil, &PeerError{Node: node, Problem: PeerNothingPublished}
	}
	// Servers return items oldest first; the newest is the last.
	it := res.Items.Item[len(res.Items.Item)-1]
	return it.ID, it.Payload.XML, nil
}
