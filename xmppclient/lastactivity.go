package xmppclient

import (
	"context"
	"encoding/xml"
	"strconv"
	"time"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/profile"
)

// nsLast is XEP-0012 Last Activity.
const nsLast = "jabber:iq:last"

type lastQuery struct {
	XMLName xml.Name `xml:"jabber:iq:last query"`
	Seconds string   `xml:"seconds,attr"`
	Text    string   `xml:",chardata"`
}

// LastSeen is how long ago contact was last online: 0 while an available
// resource of theirs is known (a live session's presence), else the
// server's answer (XEP-0012 on the bare JID: the time since their last
// log-out). Only contacts who share their presence with us may be asked;
// others are a 403.
func (c *Client) LastSeen(ctx context.Context, contact string) (LastActivity, error) {
	j, err := parseContact(contact)
	if err != nil {
		return LastActivity{}, err
	}
	if ct, ok := c.Contact(j.String()); ok && ct.Show != ShowOffline && ct.Show != "" {
		return LastActivity{JID: j.String(), Seconds: 0, StatusText: ct.StatusText, Source: "presence"}, nil
	}
	sess, err := c.session()
	if err != nil {
		return LastActivity{}, err
	}
	var q lastQuery
	iq := stanza.IQ{Type: stanza.GetIQ, To: j}
	err = sess.UnmarshalIQElement(ctx, xmlstream.Wrap(nil, xml.StartElement{Name: xml.Name{Space: nsLast, Local: "query"}}), iq, &q)
	if err != nil {
		if forbidden(err) {
			return LastActivity{}, &PeerError{JID: j.String(), Problem: PeerPresencePrivate, Err: err}
		}
		return LastActivity{}, stanzaErr(err, "Last seen of "+j.String())
	}
	secs, err := strconv.ParseInt(q.Seconds, 10, 64)
	if err != nil || secs < 0 {
		return LastActivity{}, &PeerError{JID: j.String(), Problem: PeerBadLastActivity, Detail: q.Seconds}
	}
	return LastActivity{JID: j.String(), Seconds: secs, StatusText: profile.Sanitize(q.Text), Source: "server"}, nil
}

// onLastActivityQuery answers XEP-0012 queries about this client: idle
// time since the last thing the user did. Only contacts with a presence
// subscription may ask, and only while the user shares it (Config.HideIdle,
// SetShareIdle); everyone else gets forbidden (it would reveal when the
// user is at the keyboard).
func (c *Client) onLastActivityQuery(iq stanza.IQ, t xmlstream.TokenReadEncoder, _ *xml.StartElement) error {
	if !c.SharesIdle() || !c.sharesPresenceWith(iq.From) {
		_, err := xmlstream.Copy(t, iq.Error(stanza.Error{Type: stanza.Auth, Condition: stanza.Forbidden}))
		return err
	}
	idle := int64(time.Since(c.lastActive()).Seconds())
	_, err := xmlstream.Copy(t, iq.Result(lastActivityAnswer(idle)))
	return err
}

// lastActivityAnswer is the XEP-0012 payload for idle seconds. mellium has
// no package for last activity.
func lastActivityAnswer(idle int64) xml.TokenReader {
	return xmlstream.Wrap(nil, xml.StartElement{
		Name: xml.Name{Space: nsLast, Local: "query"},
		Attr: []xml.Attr{{Name: xml.Name{Local: "seconds"}, Value: strconv.FormatInt(idle, 10)}},
	})
}

// sharesPresenceWith: the server itself, our own resources, and contacts
// subscribed to our presence (subscription from or both).
func (c *Client) sharesPresenceWith(from jid.JID) bool {
	if from.Equal(jid.JID{}) || from.Equal(c.account.Domain()) || from.Bare().Equal(c.account) {
		return true
	}
	c.roster.mu.Lock()
	defer c.roster.mu.Unlock()
	e := c.roster.items[from.Bare().String()]
	return e != nil && (e.contact.Subscription == "from" || e.contact.Subscription == "both")
}

// SetShareIdle says whether contacts who ask this resource (XEP-0012 on
// the full JID) learn how long the user has been idle; off, they get
// forbidden. It starts as !Config.HideIdle.
func (c *Client) SetShareIdle(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.presence.hideIdle = !on
}

// SharesIdle reports SetShareIdle's setting.
func (c *Client) SharesIdle() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.presence.hideIdle
}

// MarkActive records user activity (a key press in the UI) for the idle
// time reported to contacts.
func (c *Client) MarkActive() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.presence.activeAt = time.Now()
}

func (c *Client) lastActive() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.presence.activeAt.IsZero() {
		return time.Now()
	}
	return c.presence.activeAt
}
