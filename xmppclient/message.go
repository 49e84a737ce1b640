package xmppclient

import (
	"context"
	"encoding/xml"
	"fmt"
	"time"

	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/profile"
)

const maxBody = 8 << 10 // runes of a chat message shown

type messageStanza struct {
	From  string `xml:"from,attr"`
	Type  string `xml:"type,attr"`
	ID    string `xml:"id,attr"`
	Body  string `xml:"body"`
	Delay *struct {
		Stamp string `xml:"stamp,attr"`
	} `xml:"urn:xmpp:delay delay"`
	Event *pubsubEvent `xml:"http://jabber.org/protocol/pubsub#event event"`
}

// onMessage runs in the stanza handler.
func (c *Client) onMessage(m messageStanza) {
	// No from means our own account (RFC 6120 §8.1.2.1); mellium also
	// blanks a from that equals our bare JID.
	from := c.account
	if m.From != "" {
		j, err := jid.Parse(m.From)
		if err != nil {
			return
		}
		from = j
	}
	if m.Event != nil {
		c.onPEPEvent(from.Bare(), m.Event)
		return
	}
	if m.Type == "error" || m.Type == "groupchat" || m.Body == "" {
		return
	}
	at := time.Now()
	if m.Delay != nil {
		if t, err := time.Parse(time.RFC3339, m.Delay.Stamp); err == nil {
			at = t
		}
	}
	c.bus.publish(MessageEvent{
		From: from.Bare().String(),
		ID:   profile.Sanitize(m.ID),
		Body: profile.SanitizeText(m.Body, maxBody),
		Time: at,
	})
}

// SendMessage sends a one-to-one chat message.
func (c *Client) SendMessage(ctx context.Context, to, body string) error {
	j, err := parseContact(to)
	if err != nil {
		return err
	}
	sess, err := c.session()
	if err != nil {
		return err
	}
	if err := sess.Send(ctx, chatMessage(j, randomHex(8), body)); err != nil {
		return sendErr(fmt.Sprintf("send message to %s", j), err)
	}
	return nil
}

// chatMessage is a one-to-one message of type chat with a body.
func chatMessage(to jid.JID, id, body string) xml.TokenReader {
	return stanza.Message{Type: stanza.ChatMessage, To: to, ID: id}.Wrap(textElement("body", body))
}
