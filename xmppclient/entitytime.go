package xmppclient

import (
	"encoding/xml"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/stanza"
	"mellium.im/xmpp/xtime"
)

// onEntityTime answers XEP-0202 entity time queries with mellium's
// xtime handler, but only to those who see our presence anyway (contacts
// with a subscription, our own resources, the server): the time zone
// offset tells a stranger roughly where the user is. Others get
// forbidden, as for last activity.
func (c *Client) onEntityTime(iq stanza.IQ, t xmlstream.TokenReadEncoder, start *xml.StartElement) error {
	if !c.sharesPresenceWith(iq.From) {
		_, err := xmlstream.Copy(t, iq.Error(stanza.Error{Type: stanza.Auth, Condition: stanza.Forbidden}))
		return err
	}
	return xtime.Handler{}.HandleIQ(iq, t, start)
}
