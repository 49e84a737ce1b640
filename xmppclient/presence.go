package xmppclient

import (
	"context"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"mellium.im/xmlstream"
	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/profile"
)

// ownPresence is what we announce, kept so it can be sent again after a
// reconnect and with every profile change.
type ownPresence struct {
	show      Show
	status    string
	photoHash string // XEP-0153; "" means "no avatar known"
	noPhoto   bool   // the user removed the avatar: an empty <photo/> says so
	activeAt  time.Time
	hideIdle  bool // XEP-0012 queries to this resource are forbidden
}

type presenceStanza struct {
	From   string `xml:"from,attr"`
	To     string `xml:"to,attr"`
	Type   string `xml:"type,attr"`
	Show   string `xml:"show"`
	Status string `xml:"status"`
	Nick   string `xml:"http://jabber.org/protocol/nick nick"`
	Update *struct {
		Photo *string `xml:"photo"`
	} `xml:"vcard-temp:x:update x"`
	Caps *struct {
		Node string `xml:"node,attr"`
		Ver  string `xml:"ver,attr"`
	} `xml:"http://jabber.org/protocol/caps c"`
}

// outgoingPresence builds a presence stanza with our caps and avatar hash. typ is
// "" for available; to is the zero JID for a broadcast.
func (c *Client) outgoingPresence(typ stanza.PresenceType, to jid.JID) xml.TokenReader {
	c.mu.Lock()
	p := c.presence
	c.mu.Unlock()
	var payload []xml.TokenReader
	if typ == "" {
		if p.show != ShowOnline && p.show != "" {
			payload = append(payload, textElement("show", string(p.show)))
		}
		if p.status != "" {
			payload = append(payload, textElement("status", p.status))
		}
		update := profile.EncodeVCardUpdate(p.photoHash)
		if p.noPhoto && p.photoHash == "" {
			update = profile.EncodeVCardUpdateNoAvatar()
		}
		payload = append(payload, c.capsElement(), rawXML(update))
	}
	return stanza.Presence{Type: typ, To: to}.Wrap(xmlstream.MultiReader(payload...))
}

// sendOwnPresence broadcasts our available presence, except in a Quiet
// session, which must never become available.
func (c *Client) sendOwnPresence(ctx context.Context, sess *xmpp.Session) error {
	if c.cfg.Quiet {
		return nil
	}
	return sess.Send(ctx, c.outgoingPresence("", jid.JID{}))
}

// SetPresence changes our availability and presence text and announces
// it. The text stays until the next SetPresence: a profile update, a
// reconnect and the stream's resumption announce it again unchanged (the
// profile's status, vCard4 NOTE, is another thing; docs/PROTOCOL.md).
func (c *Client) SetPresence(ctx context.Context, show Show, status string) error {
	if !settable(show) {
		return fmt.Errorf("set presence: %q is not an availability one can set", show)
	}
	c.mu.Lock()
	c.presence.show, c.presence.status = show, status
	c.mu.Unlock()
	sess, err := c.session()
	if err != nil {
		return err
	}
	if err := c.sendOwnPresence(ctx, sess); err != nil {
		return sendErr("send presence", err)
	}
	return nil
}

// OwnPresence is the availability and text we announce (or will, once
// connected): what a front end shows as the user's own presence.
func (c *Client) OwnPresence() (Show, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.presence.show, c.presence.status
}

// settable reports whether show is an availability one can announce.
func settable(show Show) bool {
	switch show {
	case ShowOnline, ShowAway, ShowDND, ShowXA:
		return true
	}
	return false
}

// sendDirected sends a presence of type typ to one JID (subscription
// handling, directed caps presence).
func (c *Client) sendDirected(ctx context.Context, typ stanza.PresenceType, to jid.JID) error {
	sess, err := c.session()
	if err != nil {
		return err
	}
	if err := sess.Send(ctx, c.outgoingPresence(typ, to)); err != nil {
		return sendErr(fmt.Sprintf("send %s presence to %s", typOrAvailable(typ), to), err)
	}
	return nil
}

func typOrAvailable(typ stanza.PresenceType) stanza.PresenceType {
	if typ == "" {
		return "available"
	}
	return typ
}

// onPresence runs inside the stanza handler: it updates state and emits
// events; anything that sends goes to a goroutine.
func (c *Client) onPresence(p presenceStanza) {
	from, err := jid.Parse(p.From)
	if err != nil {
		return
	}
	bare := from.Bare().String()
	if from.Bare().Equal(c.account) {
		return // our own resources: profile changes come through PEP
	}
	switch p.Type {
	case "subscribe":
		c.onSubscribe(bare, profile.SanitizeText(p.Nick, 64))
		return
	case "subscribed", "unsubscribe", "unsubscribed", "probe", "error":
		return // roster pushes report subscription changes
	}

	ev := PresenceEvent{From: bare, Resource: profile.Sanitize(from.Resourcepart())}
	if p.Type == "unavailable" {
		ev.Show = ShowOffline
	} else {
		ev.Show = showOf(p.Show)
	}
	ev.StatusText = profile.Sanitize(p.Status)
	if p.Update != nil && p.Update.Photo != nil {
		ev.HasPhotoUpdate = true
		ev.PhotoHash = strings.ToLower(strings.TrimSpace(*p.Update.Photo))
	}
	agg := c.roster.setPresence(bare, from.Resourcepart(), ev)
	if news, afterBreak := c.roster.tell(agg); news { // only news: presencesync.go
		agg.AfterBreak = afterBreak
		c.bus.publish(agg)
	}
	if ev.HasPhotoUpdate {
		c.onPhotoHash(bare, ev.PhotoHash)
	}
}

func showOf(s string) Show {
	switch s {
	case "away":
		return ShowAway
	case "dnd":
		return ShowDND
	case "xa":
		return ShowXA
	case "chat", "":
		return ShowOnline
	}
	return ShowOnline
}
