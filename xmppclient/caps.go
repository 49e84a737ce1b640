package xmppclient

import (
	"crypto/sha1"
	"encoding/xml"
	"sort"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/carbons"
	"mellium.im/xmpp/disco"
	"mellium.im/xmpp/disco/info"
	"mellium.im/xmpp/receipts"
	"mellium.im/xmpp/stanza"
	"mellium.im/xmpp/version"
	"mellium.im/xmpp/xtime"

	"github.com/parley-im/parley/profile"
)

const (
	nsDiscoInfo = "http://jabber.org/protocol/disco#info"
	nsCaps      = "http://jabber.org/protocol/caps"
	capsNode    = "https://parley.chat/caps"
)

// baseFeatures is what Parley supports, including the +notify interests
// that make the server push contacts' profile changes (XEP-0163).
var baseFeatures = []string{
	nsDiscoInfo,
	disco.NSItems,
	nsCaps,
	"urn:xmpp:ping",
	nsLast,
	version.NS,
	xtime.NS,
	receipts.NS,
	nsChatStates,
	carbons.NS,
	nsSID,
	"vcard-temp:x:update",
	profile.NodeVCard4 + "+notify",
	profile.NodeNickname + "+notify",
	profile.NodeAvatarMetadata + "+notify",
}

// discoInfo is what our caps announce now: every feature, or during a
// first log-in's names-first stage (namesfirst.go) all but the +notify
// interests other than the nickname's. (onDiscoInfo answers either
// stage's hash.)
func (c *Client) discoInfo() disco.Info {
	return discoInfoOf(c.namesOnly())
}

func discoInfoOf(namesOnly bool) disco.Info {
	var feats []string
	for _, f := range baseFeatures {
		if namesOnly && laterInterest(f) {
			continue
		}
		feats = append(feats, f)
	}
	sort.Strings(feats)
	inf := disco.Info{
		Identity: []info.Identity{{Category: "client", Type: "console", Name: "Parley"}},
	}
	for _, f := range feats {
		inf.Features = append(inf.Features, info.Feature{Var: f})
	}
	return inf
}

// capsVer is the XEP-0115 verification string of our disco#info.
func (c *Client) capsVer() string {
	return c.discoInfo().Hash(sha1.New())
}

// capsElement is our XEP-0115 <c/>, for every available presence. mellium
// computes the hash (disco.Info.Hash) but has no type for the element.
func (c *Client) capsElement() xml.TokenReader {
	return xmlstream.Wrap(nil, xml.StartElement{
		Name: xml.Name{Space: nsCaps, Local: "c"},
		Attr: []xml.Attr{
			{Name: xml.Name{Local: "hash"}, Value: "sha-1"},
			{Name: xml.Name{Local: "node"}, Value: capsNode},
			{Name: xml.Name{Local: "ver"}, Value: c.capsVer()},
		},
	})
}

// onDiscoInfo answers disco#info, with or without a node. mellium's
// built-in handler answers nothing when a node is given, so the server's
// caps check (node#ver) would fail and no +notify events would come.
func (c *Client) onDiscoInfo(iq stanza.IQ, t xmlstream.TokenReadEncoder, start *xml.StartElement) error {
	node := ""
	for _, a := range start.Attr {
		if a.Name.Local == "node" {
			node = a.Value
		}
	}
	// Either stage's hash is answered: the server may ask for the
	// names-first one after the stage has ended.
	full, names := discoInfoOf(false), discoInfoOf(true)
	inf := full
	switch node {
	case "", capsNode, capsNode + "#" + full.Hash(sha1.New()):
	case capsNode + "#" + names.Hash(sha1.New()):
		inf = names
		c.namesAsked()
	default:
		_, err := xmlstream.Copy(t, iq.Error(stanza.Error{Type: stanza.Cancel, Condition: stanza.ItemNotFound}))
		return err
	}
	inf.InfoQuery.Node = node
	_, err := xmlstream.Copy(t, iq.Result(inf.TokenReader()))
	return err
}
