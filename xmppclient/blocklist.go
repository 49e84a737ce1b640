package xmppclient

import (
	"context"
	"encoding/xml"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/blocklist"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/profile"
)

// Block asks the server to block contact (XEP-0191): from now on it
// drops the contact's messages, presence and PEP notifications to us and
// shows us offline to him. A BlocklistEvent follows.
func (c *Client) Block(ctx context.Context, contact string) error {
	return c.changeBlocklist(ctx, contact, true)
}

// Unblock lifts a block made with Block. A BlocklistEvent follows.
func (c *Client) Unblock(ctx context.Context, contact string) error {
	return c.changeBlocklist(ctx, contact, false)
}

// Blocked lists the blocked JIDs, as the server keeps them.
func (c *Client) Blocked(ctx context.Context) ([]string, error) {
	sess, err := c.session()
	if err != nil {
		return nil, err
	}
	iter := blocklist.Fetch(ctx, sess)
	defer iter.Close()
	out := []string{}
	for iter.Next() {
		if iter.Err() != nil {
			break
		}
		out = append(out, profile.Sanitize(iter.JID().String()))
	}
	if err := iter.Err(); err != nil {
		return nil, stanzaErr(err, "Reading the blocklist")
	}
	return out, nil
}

func (c *Client) changeBlocklist(ctx context.Context, contact string, block bool) error {
	j, err := parseContact(contact)
	if err != nil {
		return err
	}
	sess, err := c.session()
	if err != nil {
		return err
	}
	what, local := "Unblocking "+j.String(), "unblock"
	if block {
		what, local = "Blocking "+j.String(), "block"
	}
	// Not blocklist.Add/Remove: they close the reply without looking at
	// it, so a refusal (an error IQ) would pass for a success.
	item := blocklist.Item{JID: j}
	payload := xmlstream.Wrap(item.TokenReader(), xml.StartElement{Name: xml.Name{Space: blocklist.NS, Local: local}})
	if err := sess.UnmarshalIQElement(ctx, payload, stanza.IQ{Type: stanza.SetIQ}, nil); err != nil {
		return stanzaErr(err, what)
	}
	// Servers push the change only to resources that fetched the list.
	c.bus.publish(BlocklistEvent{JID: j.String(), Blocked: block})
	return nil
}

// blocklistPush is a XEP-0191 block or unblock push.
type blocklistPush struct {
	Items []struct {
		JID string `xml:"jid,attr"`
	} `xml:"item"`
}

// onBlocklistPush answers the server's block and unblock pushes (sent
// when another resource changed the list) and reports them. Not
// blocklist.Handle: its handler sends no result and panics on an item
// without a valid jid.
func (c *Client) onBlocklistPush(iq stanza.IQ, t xmlstream.TokenReadEncoder, start *xml.StartElement) error {
	if !iq.From.Equal(jid.JID{}) && !iq.From.Bare().Equal(c.account) {
		_, err := xmlstream.Copy(t, iq.Error(stanza.Error{Type: stanza.Cancel, Condition: stanza.ServiceUnavailable}))
		return err
	}
	var push blocklistPush
	if err := decodeStanza(t, start, &push); err != nil {
		_, err := xmlstream.Copy(t, iq.Error(stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest}))
		return err
	}
	if _, err := xmlstream.Copy(t, iq.Result(nil)); err != nil {
		return err
	}
	blocked := start.Name.Local == "block"
	if !blocked && len(push.Items) == 0 {
		// An empty unblock lifts every block.
		c.bus.publish(BlocklistEvent{Blocked: false})
		return nil
	}
	for _, it := range push.Items {
		j, err := jid.Parse(it.JID)
		if err != nil {
			continue
		}
		c.bus.publish(BlocklistEvent{JID: profile.Sanitize(j.String()), Blocked: blocked})
	}
	return nil
}
