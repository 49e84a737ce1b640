package xmppclient

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"sync"
	"time"

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
	var buf bytes.Buffer
	e := newResolvedEncoder(&limitWriter{w: &buf, n: maxItem})
	if err := e.encode(start); err != nil {
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
		if err := e.encode(tok); err != nil {
			return err
		}
	}
	if err := e.Flush(); err != nil {
		return err
	}
	r.XML = buf.Bytes()
	return nil
}

// dedup drops PEP notifications seen twice: Prosody sends each to the bare
// and to the full JID.
type dedup struct {
	mu   sync.Mutex
	seen map[string]time.Time
}

func (d *dedup) first(key string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	if d.seen == nil {
		d.seen = map[string]time.Time{}
	}
	if len(d.seen) > 512 {
		for k, t := range d.seen {
			if now.Sub(t) > 10*time.Second {
				delete(d.seen, k)
			}
		}
	}
	if t, ok := d.seen[key]; ok && now.Sub(t) < 10*time.Second {
		return false
	}
	d.seen[key] = now
	return true
}

// onPEPEvent runs in the stanza handler.
func (c *Client) onPEPEvent(from jid.JID, ev *pubsubEvent) {
	if ev.Items == nil {
		return
	}
	node := ev.Items.Node
	for _, it := range ev.Items.Item {
		key := from.String() + "\x00" + node + "\x00" + it.ID + "\x00" + string(it.Payload.XML)
		if !c.pepSeen.first(key) {
			continue
		}
		pe := PEPEvent{From: from.String(), Node: node, ItemID: it.ID, Payload: it.Payload.XML}
		c.bus.publish(pe)
		c.onProfileNodeChanged(pe)
	}
	for _, r := range ev.Items.Retract {
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
