package xmppclient

import (
	"context"
	"encoding/xml"
	"fmt"
	"time"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/receipts"
	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/profile"
)

const (
	maxBody = 8 << 10 // runes of a chat message shown
	// nsSID is XEP-0359 (unique and stable stanza ids); mellium has no
	// package for it.
	nsSID = "urn:xmpp:sid:0"
)

// messageStanza is a message as Parley reads it: the chat payload and the
// extensions that travel with it. Forwarded messages (carbons, archive
// results) nest one of these.
type messageStanza struct {
	From      string         `xml:"from,attr"`
	To        string         `xml:"to,attr"`
	Type      string         `xml:"type,attr"`
	ID        string         `xml:"id,attr"`
	Body      string         `xml:"body"`
	Delay     *delayElement  `xml:"urn:xmpp:delay delay"`
	Event     *pubsubEvent   `xml:"http://jabber.org/protocol/pubsub#event event"`
	Error     *stanza.Error  `xml:"error"`
	StanzaIDs []sidElement   `xml:"urn:xmpp:sid:0 stanza-id"`
	OriginID  *sidElement    `xml:"urn:xmpp:sid:0 origin-id"`
	Request   *struct{}      `xml:"urn:xmpp:receipts request"`
	Receipt   *sidElement    `xml:"urn:xmpp:receipts received"`
	Sent      *carbonElement `xml:"urn:xmpp:carbons:2 sent"`
	Received  *carbonElement `xml:"urn:xmpp:carbons:2 received"`
	Result    *mamResult     `xml:"urn:xmpp:mam:2 result"`
	chatStates
}

type delayElement struct {
	Stamp string `xml:"stamp,attr"`
}

type sidElement struct {
	ID string `xml:"id,attr"`
	By string `xml:"by,attr"`
}

// forwarded is XEP-0297: a message with the time it was first sent.
type forwarded struct {
	Delay   *delayElement  `xml:"urn:xmpp:delay delay"`
	Message *messageStanza `xml:"message"`
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
	switch {
	case m.Event != nil:
		c.onPEPEvent(from.Bare(), m.Event)
		return
	case m.Result != nil:
		c.onArchiveResult(from, m.Result)
		return
	case m.Sent != nil || m.Received != nil:
		c.onCarbon(from, m)
		return
	case m.Type == "error":
		c.onBounce(from, m)
		return
	}
	if m.Receipt != nil && m.Receipt.ID != "" {
		c.bus.publish(MessageStateEvent{ID: profile.Sanitize(m.Receipt.ID), Peer: from.Bare().String(), State: DeliveryDelivered})
	}
	if c.dropsStranger(from) {
		return
	}
	if st := m.state(); st != "" && !from.Bare().Equal(c.account) {
		c.bus.publish(ChatStateEvent{From: from.Bare().String(), State: st})
	}
	if m.Type == "groupchat" || m.Body == "" {
		return
	}
	ev := c.messageEvent(from, m, nil)
	c.bus.publish(ev)
	if m.Request != nil && m.ID != "" {
		c.answerReceipt(from, m.ID)
	}
}

// messageEvent turns a chat message from from into an event. outer is the
// delay of the wrapper a forwarded message came in, if any.
func (c *Client) messageEvent(from jid.JID, m messageStanza, outer *delayElement) MessageEvent {
	to := c.account
	if m.To != "" {
		if j, err := jid.Parse(m.To); err == nil {
			to = j
		}
	}
	ev := MessageEvent{
		From:             from.Bare().String(),
		To:               to.Bare().String(),
		ID:               profile.Sanitize(m.ID),
		Body:             profile.SanitizeText(m.Body, maxBody),
		Time:             time.Now(),
		Outgoing:         from.Bare().Equal(c.account),
		ReceiptRequested: m.Request != nil,
	}
	if m.OriginID != nil {
		ev.OriginID = profile.Sanitize(m.OriginID.ID)
	}
	for _, sid := range m.StanzaIDs {
		// Only our own server's stanza-id counts: anyone else can put one
		// in a message to make it look like one already seen.
		if by, err := jid.Parse(sid.By); err == nil && by.Equal(c.account) {
			ev.StanzaID = profile.Sanitize(sid.ID)
		}
	}
	for _, d := range []*delayElement{m.Delay, outer} {
		if d == nil {
			continue
		}
		if t, err := time.Parse(time.RFC3339, d.Stamp); err == nil {
			ev.Time = t
			break
		}
	}
	return ev
}

// onBounce reports a sent message that came back as an error.
func (c *Client) onBounce(from jid.JID, m messageStanza) {
	if m.ID == "" {
		return
	}
	var err error = stanza.Error{Condition: stanza.UndefinedCondition}
	if m.Error != nil {
		err = *m.Error
	}
	ev := MessageStateEvent{
		ID:    profile.Sanitize(m.ID),
		Peer:  from.Bare().String(),
		State: DeliveryFailed,
		Err:   fmt.Errorf("message to %s bounced: %w", from.Bare(), err),
	}
	c.bounces.record(m.ID, ev.Err)
	c.bus.publish(ev)
}

// answerReceipt confirms a message to its sender (XEP-0184), but only to a
// contact who may see our presence: a receipt tells the sender that we
// are online.
func (c *Client) answerReceipt(from jid.JID, id string) {
	if ct, ok := c.Contact(from.Bare().String()); !ok || (ct.Subscription != "from" && ct.Subscription != "both") {
		return
	}
	c.background(from.Bare().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		sess, err := c.session()
		if err == nil {
			err = sess.Send(ctx, stanza.Message{To: from, ID: randomHex(8)}.Wrap(receiptElement(id)))
		}
		if err != nil {
			c.log.Warn("receipt", "to", from, "err", err)
		}
	})
}

func receiptElement(id string) xml.TokenReader {
	return xmlstream.Wrap(nil, xml.StartElement{
		Name: xml.Name{Space: receipts.NS, Local: "received"},
		Attr: []xml.Attr{{Name: xml.Name{Local: "id"}, Value: id}},
	})
}

// NewMessageID is a fresh id for a message: its stanza id and XEP-0359
// origin-id. A front end that shows a message before it is sent makes the
// id first and passes it to SendChat.
func NewMessageID() string { return randomHex(8) }

// SendMessage sends a one-to-one chat message with a fresh id.
func (c *Client) SendMessage(ctx context.Context, to, body string) error {
	_, err := c.SendChat(ctx, to, body, "")
	return err
}

// SendChat sends a one-to-one chat message with id as its stanza id and
// XEP-0359 origin-id (a fresh one when id is ""), asking for a receipt.
// It returns the id once the message is written to the stream; its later
// fate comes as MessageStateEvents with that id.
func (c *Client) SendChat(ctx context.Context, to, body, id string) (string, error) {
	j, err := parseContact(to)
	if err != nil {
		return "", err
	}
	if id == "" {
		id = NewMessageID()
	}
	sess, err := c.session()
	if err != nil {
		return "", err
	}
	if err := sess.Send(ctx, chatMessage(j, id, body)); err != nil {
		return "", sendErr(fmt.Sprintf("send message to %s", j), err)
	}
	c.requestAck(ctx) // the ack marks it acked (✓) at once
	return id, nil
}

// chatMessage is a one-to-one message of type chat with a body, its
// origin-id, a receipt request and the active chat state.
func chatMessage(to jid.JID, id, body string) xml.TokenReader {
	return stanza.Message{Type: stanza.ChatMessage, To: to, ID: id}.Wrap(xmlstream.MultiReader(
		textElement("body", body),
		xmlstream.Wrap(nil, xml.StartElement{
			Name: xml.Name{Space: nsSID, Local: "origin-id"},
			Attr: []xml.Attr{{Name: xml.Name{Local: "id"}, Value: id}},
		}),
		receipts.Requested(true).TokenReader(),
		chatStateElement(ChatActive),
	))
}
