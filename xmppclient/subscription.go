package xmppclient

// Subscriptions (RFC 6121 §3): adding and removing contacts, and answering
// their requests to see our presence.

import (
	"context"
	"encoding/xml"
	"fmt"
	"time"

	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/roster"
	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/profile"
)

func (c *Client) applyPushedItem(item rosterItem) {
	c.roster.mu.Lock()
	before := ""
	if e := c.roster.items[item.bare()]; e != nil {
		before = e.contact.Subscription
	}
	c.roster.mu.Unlock()
	contact, removed, changed := c.roster.applyItem(item)
	if !changed {
		return // a push of what is known (after a reconnect) is no news
	}
	c.bus.publish(RosterEvent{Contact: contact, Removed: removed})
	if !removed && contact.Subscription == "both" && before != "both" {
		// The subscription just became mutual. ejabberd sends us a
		// contact's PEP events only after it saw our +notify caps in a
		// presence under that subscription, so announce ourselves again.
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			sess, err := c.session()
			if err == nil {
				err = c.sendOwnPresence(ctx, sess)
			}
			if err != nil {
				c.log.Warn("presence for a new friend", "jid", contact.JID, "err", err)
			}
		}()
	}
}

func parseContact(s string) (jid.JID, error) {
	j, err := jid.Parse(s)
	if err != nil || j.Domainpart() == "" {
		return jid.JID{}, &AddressError{Value: s}
	}
	return j.Bare(), nil
}

// AddContact puts j on the roster and asks to see its presence. When j asks
// back, the request is approved by itself (not every server supports
// pre-approval, so it is not relied on).
func (c *Client) AddContact(ctx context.Context, contact, name string) error {
	j, err := parseContact(contact)
	if err != nil {
		return err
	}
	if j.Equal(c.account) {
		return ErrSelfContact
	}
	sess, err := c.session()
	if err != nil {
		return err
	}
	if err := roster.Set(ctx, sess, roster.Item{JID: j, Name: name}); err != nil {
		return stanzaErr(err, "Adding "+j.String())
	}
	c.roster.mu.Lock()
	c.roster.approve[j.String()] = true
	waiting := c.roster.requests[j.String()]
	c.roster.mu.Unlock()
	if err := c.askToSubscribe(ctx, sess, j); err != nil {
		return err
	}
	// Their request may already be waiting: adding them answers it.
	if waiting {
		return c.AcceptSubscription(ctx, j.String())
	}
	return nil
}

// askToSubscribe asks j for their presence, with our nickname (XEP-0172
// §4.2: the one asked learns who asks, before any profile is visible).
func (c *Client) askToSubscribe(ctx context.Context, sess *xmpp.Session, j jid.JID) error {
	var nick xml.TokenReader
	if p, ok := c.profiles.get(c.account.String()); ok && p.Nickname != "" {
		nick = rawXML(profile.EncodeNickname(p.Nickname))
	}
	if err := sess.Send(ctx, stanza.Presence{Type: stanza.SubscribePresence, To: j}.Wrap(nick)); err != nil {
		return sendErr(fmt.Sprintf("send subscribe presence to %s", j), err)
	}
	return nil
}

// onSubscribe runs in the stanza handler when someone asks for our
// presence; nick is the nickname the request carried (XEP-0172), if any.
func (c *Client) onSubscribe(bare, nick string) {
	c.roster.mu.Lock()
	auto := c.roster.approve[bare]
	known := c.roster.requests[bare]
	if !auto {
		c.roster.requests[bare] = true
	}
	c.roster.mu.Unlock()
	if auto {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := c.AcceptSubscription(ctx, bare); err != nil {
				c.log.Warn("auto-approve", "jid", bare, "err", err)
			}
		}()
		return
	}
	// The server hands pending requests over again at every log-in: a
	// request already known is no news.
	if !known {
		c.bus.publish(SubscriptionRequestEvent{From: bare, Nick: nick})
	}
}

// AcceptSubscription lets j see our presence (and profile), and asks for
// theirs in return unless we already have it.
func (c *Client) AcceptSubscription(ctx context.Context, contact string) error {
	j, err := parseContact(contact)
	if err != nil {
		return err
	}
	if err := c.sendDirected(ctx, stanza.SubscribedPresence, j); err != nil {
		return err
	}
	c.roster.mu.Lock()
	delete(c.roster.requests, j.String())
	e := c.roster.items[j.String()]
	haveTheirs := e != nil && (e.contact.Subscription == "to" || e.contact.Subscription == "both")
	c.roster.approve[j.String()] = true
	c.roster.mu.Unlock()
	if !haveTheirs {
		if err := c.sendDirected(ctx, stanza.SubscribePresence, j); err != nil {
			return err
		}
	}
	// Directed presence with caps, so the server and the contact learn our
	// +notify interests at once: with a one-way subscription Prosody sends
	// a contact's PEP events only after such a presence. A Quiet session
	// does not become available, not even to one contact.
	if c.cfg.Quiet {
		return nil
	}
	return c.sendDirected(ctx, "", j)
}

// RefuseSubscription denies j's request to see our presence.
func (c *Client) RefuseSubscription(ctx context.Context, contact string) error {
	j, err := parseContact(contact)
	if err != nil {
		return err
	}
	c.roster.mu.Lock()
	delete(c.roster.requests, j.String())
	c.roster.mu.Unlock()
	return c.sendDirected(ctx, stanza.UnsubscribedPresence, j)
}

// RemoveContact takes j off the roster; the server cancels both
// subscriptions.
func (c *Client) RemoveContact(ctx context.Context, contact string) error {
	j, err := parseContact(contact)
	if err != nil {
		return err
	}
	sess, err := c.session()
	if err != nil {
		return err
	}
	if err := roster.Delete(ctx, sess, j); err != nil {
		return stanzaErr(err, "Removing "+j.String())
	}
	return nil
}
