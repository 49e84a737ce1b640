package xmppclient

import (
	"encoding/xml"

	"mellium.im/xmlstream"
	"mellium.im/xmpp"
	"mellium.im/xmpp/blocklist"
	"mellium.im/xmpp/disco"
	"mellium.im/xmpp/mux"
	"mellium.im/xmpp/ping"
	"mellium.im/xmpp/roster"
	"mellium.im/xmpp/stanza"
	"mellium.im/xmpp/xtime"
)

// handler builds the stanza router of one session. It is made fresh for
// every (re)connect, so handlers are never registered twice.
//
// IQs go through mellium's mux. Presence and message stanzas are decoded
// whole here instead: mux calls presence and message handlers once per
// child element, and a stanza is one event.
//
// Handlers must answer through the token writer they get and never call
// the session's send methods: the session does not read the next stanza,
// so the reply the send waits for never comes (a deadlock). Follow-up work
// goes to a goroutine.
func (c *Client) handler() xmpp.Handler {
	opts := []mux.Option{
		ping.Handle(),
		mux.IQFunc(stanza.SetIQ, xml.Name{Space: roster.NS, Local: "query"}, c.onRosterPush),
		mux.IQFunc(stanza.GetIQ, xml.Name{Space: nsDiscoInfo, Local: "query"}, c.onDiscoInfo),
		mux.IQFunc(stanza.GetIQ, xml.Name{Space: disco.NSItems, Local: "query"}, c.onDiscoItems),
		mux.IQFunc(stanza.GetIQ, xml.Name{Space: nsLast, Local: "query"}, c.onLastActivityQuery),
		mux.IQFunc(stanza.GetIQ, xml.Name{Space: xtime.NS, Local: "time"}, c.onEntityTime),
		c.versionHandler(),
		mux.IQFunc(stanza.SetIQ, xml.Name{Space: blocklist.NS, Local: "block"}, c.onBlocklistPush),
		mux.IQFunc(stanza.SetIQ, xml.Name{Space: blocklist.NS, Local: "unblock"}, c.onBlocklistPush),
	}
	iqs := mux.New(stanza.NSClient, opts...)

	return xmpp.HandlerFunc(func(t xmlstream.TokenReadEncoder, start *xml.StartElement) error {
		if start.Name.Space == nsSM {
			return c.onSM(t, start)
		}
		switch start.Name.Local {
		case "presence":
			var p presenceStanza
			if err := decodeStanza(t, start, &p); err != nil {
				c.log.Warn("bad presence", "err", err)
				return nil
			}
			c.onPresence(p)
			return nil
		case "message":
			var m messageStanza
			if err := decodeStanza(t, start, &m); err != nil {
				c.log.Warn("bad message", "err", err)
				return nil
			}
			c.onMessage(m)
			return nil
		}
		return iqs.HandleXMPP(t, start)
	})
}

// decodeStanza decodes a whole stanza whose start element the session has
// already read. The start goes back in front of the stream: a decoder that
// never saw it rejects the matching end element.
func decodeStanza(r xml.TokenReader, start *xml.StartElement, v any) error {
	return xml.NewTokenDecoder(xmlstream.MultiReader(xmlstream.Token(*start), r)).Decode(v)
}
