package xmppclient

import (
	"encoding/xml"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/disco"
	"mellium.im/xmpp/stanza"
)

// onDiscoItems answers disco#items with an empty list: a client hosts no
// items (no nodes, no services). mellium's disco.Handle would answer
// disco#info as well, which onDiscoInfo does with the caps node; the
// empty answer is one element, so it is written here. The node, if one
// was asked for, is echoed as XEP-0030 §4.1 asks.
func (c *Client) onDiscoItems(iq stanza.IQ, t xmlstream.TokenReadEncoder, start *xml.StartElement) error {
	query := xml.StartElement{Name: xml.Name{Space: disco.NSItems, Local: "query"}}
	for _, a := range start.Attr {
		if a.Name.Local == "node" && a.Name.Space == "" {
			query.Attr = append(query.Attr, xml.Attr{Name: xml.Name{Local: "node"}, Value: a.Value})
		}
	}
	_, err := xmlstream.Copy(t, iq.Result(xmlstream.Wrap(nil, query)))
	return err
}
