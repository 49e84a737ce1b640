package xmppclient

import (
	"mellium.im/xmpp/jid"
)

// carbonElement is XEP-0280's wrapper of a copied message.
type carbonElement struct {
	Forwarded forwarded `xml:"urn:xmpp:forward:0 forwarded"`
}

// onCarbon handles a copy of a message another resource of ours sent
// (sent) or was sent (received). Only our own account may send carbons:
// from anyone else a "carbon" is a forged message and is dropped.
func (c *Client) onCarbon(from jid.JID, m messageStanza) {
	if !from.Equal(c.account) {
		c.log.Warn("carbon from another entity dropped", "from", from)
		return
	}
	wrap := m.Sent
	if wrap == nil {
		wrap = m.Received
	}
	// The receiving resource answers receipts and chat states; this one
	// only shows the message.
	if ev, ok := c.forwardedEvent(wrap.Forwarded); ok {
		c.bus.publish(ev)
	}
}

// forwardedEvent is the event of a forwarded chat message (a carbon, an
// archive result); false when it is none (no body, a group chat, an
// error, a sender that is no JID).
func (c *Client) forwardedEvent(f forwarded) (MessageEvent, bool) {
	inner := f.Message
	if inner == nil || inner.Body == "" || inner.Type == "groupchat" || inner.Type == "error" {
		return MessageEvent{}, false
	}
	sender := c.account
	if inner.From != "" {
		j, err := jid.Parse(inner.From)
		if err != nil {
			return MessageEvent{}, false
		}
		sender = j
	}
	if c.dropsStranger(sender) {
		return MessageEvent{}, false
	}
	return c.messageEvent(sender, *inner, f.Delay), true
}
