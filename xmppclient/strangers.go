package xmppclient

import "mellium.im/xmpp/jid"

// dropsStranger reports whether Config.DropStrangers drops what from
// sent: from is neither this account nor on the roster. Receipts for our
// own messages are kept (they only concern what we sent), so a message to
// a non-contact still turns delivered.
func (c *Client) dropsStranger(from jid.JID) bool {
	if !c.cfg.DropStrangers {
		return false
	}
	peer := from.Bare()
	if peer.Equal(c.account.Bare()) {
		return false
	}
	_, contact := c.Contact(peer.String())
	return !contact
}
