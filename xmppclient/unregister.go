package xmppclient

import (
	"context"
	"encoding/xml"
	"os"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/stanza"
)

// Unregister deletes the account on the server (XEP-0077 §3.2, <remove/>;
// mellium has no package for in-band registration) and then ends the
// client as Logout does: servers close the stream once the account is
// gone, and a reconnect could only fail. On an error the account may
// still exist, and the client stays connected.
func (c *Client) Unregister(ctx context.Context) error {
	sess, err := c.session()
	if err != nil {
		return err
	}
	remove := xmlstream.Wrap(
		xmlstream.Wrap(nil, xml.StartElement{Name: xml.Name{Space: nsRegister, Local: "remove"}}),
		xml.StartElement{Name: xml.Name{Space: nsRegister, Local: "query"}},
	)
	if err := sess.UnmarshalIQElement(ctx, remove, stanza.IQ{Type: stanza.SetIQ}, nil); err != nil {
		return stanzaErr(err, "Deleting the account "+c.account.String())
	}
	// The goodbye may fail: the server may have closed the stream already.
	_ = c.Logout(ctx)
	c.forgetCaches()
	return nil
}

// forgetCaches removes what this client kept on disk of the account: the
// roster and the contacts' profiles (the account is gone).
func (c *Client) forgetCaches() {
	c.mu.Lock()
	roster := c.rosterCache.path
	c.mu.Unlock()
	if roster != "" {
		_ = os.Remove(roster)
	}
	c.forgetProfileSnapshot()
}
