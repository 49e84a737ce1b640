package xmppclient

import (
	"context"
	"time"

	"github.com/parley-im/parley/profile"
)

// The first notification of a contact's profile node (the server sends the
// last item of every node Parley asks to be notified of, for every
// contact, right after the initial presence) carries the node's content.
// firstNews builds the profile from it at once, so a list of 1,000
// contacts shows every nickname without 3,000 queries; the other nodes
// normally follow in the same burst. A contact whose burst lacked a node
// (no vCard4, so vcard-temp may hold the rest; no avatar) gets one full
// fetch after completeDelay, as every contact did before.

// completeDelay is how long after a contact's first notification its
// profile is completed by a full fetch when a node stayed silent.
var completeDelay = 3 * time.Second

// node bits for profileState.seen.
const (
	seenVCard4 uint8 = 1 << iota
	seenNickname
	seenAvatar
	seenAll = seenVCard4 | seenNickname | seenAvatar
)

func nodeBit(node string) uint8 {
	switch node {
	case profile.NodeVCard4:
		return seenVCard4
	case profile.NodeNickname:
		return seenNickname
	case profile.NodeAvatarMetadata:
		return seenAvatar
	}
	return 0
}

// markSeen records that a notification of node came for bare.
func (p *profileState) markSeen(bare, node string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen == nil {
		p.seen = map[string]uint8{}
	}
	p.seen[bare] |= nodeBit(node)
}

func (p *profileState) seenNodes(bare string) uint8 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen[bare]
}

// firstNews is the profile of a contact Parley knows nothing of yet, from
// the notification pe. A retraction or a notification without content
// (which some servers send) is answered by a full fetch now.
func (c *Client) firstNews(ctx context.Context, pe PEPEvent) (profile.Profile, error) {
	if pe.Retracted || len(pe.Payload) == 0 {
		return c.fetchProfile(ctx, pe.From)
	}
	p := profile.Profile{JID: pe.From}
	if err := c.mergeNode(ctx, &p, pe); err != nil {
		c.log.Debug("first notification unusable; fetching the profile", "jid", pe.From, "node", pe.Node, "err", err)
		return c.fetchProfile(ctx, pe.From)
	}
	c.profiles.markSeen(pe.From, pe.Node)
	c.completeLater(pe.From)
	return p, nil
}

// completeProfile fetches bare's whole profile when not every profile node
// was notified since its first notification.
func (c *Client) completeProfile(bare string) {
	if c.profiles.seenNodes(bare) == seenAll {
		return
	}
	select {
	case <-c.stop:
		return
	default:
	}
	c.background(bare, func() { c.refetchProfile(bare) })
}
