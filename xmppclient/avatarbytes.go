package xmppclient

import (
	"context"
	"time"

	"github.com/parley-im/parley/profile"
)

// A contact's avatar notification names the image (its id); the bytes
// are another query. That query used to run inside the contact's profile
// work, so on a first log-in with 1,000 contacts every nickname of the
// server's burst waited behind avatar fetches, which themselves waited
// behind the server's work on the burst: every visible row named after
// 4.5–5 s instead of 0.8 s (BENCHMARKS.md). Now a contact's profile is
// announced at once with the avatar's description, and the bytes are
// fetched by a queue of their own; the profile is announced again when
// they are in. Our own avatar is still fetched in place: a profile save
// builds on it.

// later reports whether the bytes of owner's avatar meta (not in the
// avatar cache) are to be fetched apart, and queues that fetch when they
// are. They are not when owner is this account.
func (c *Client) later(owner string, meta profile.Avatar) bool {
	if owner == c.account.String() {
		return false
	}
	// later runs inside owner's profile work, before that work stores the
	// profile with meta; fetchAvatarBytes skips a meta the stored profile
	// does not have. So the fetch is queued by owner's next profile work,
	// which runs after the store.
	c.background(owner, func() {
		c.profiles.avatarOnce.Do(func() { c.profiles.avatarQueue = newProfileQueue(c.stop) })
		c.profiles.avatarQueue.add(owner, func() { c.fetchAvatarBytes(owner, meta) })
	})
	return true
}

// fetchAvatarBytes fetches the bytes of owner's avatar meta and announces
// owner's profile with them, unless the profile has moved on to another
// avatar meanwhile.
func (c *Client) fetchAvatarBytes(owner string, meta profile.Avatar) {
	if cur, ok := c.profiles.get(owner); ok && (cur.Avatar.ID != meta.ID || cur.Avatar.HasBytes()) {
		return // another avatar came, or an earlier fetch filled this one
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	av, err := c.avatarData(ctx, owner, meta)
	if err != nil {
		c.log.Warn("avatar", "jid", owner, "err", err)
		return
	}
	// Through the contact's profile work, in order with its notifications.
	c.background(owner, func() {
		cur, ok := c.profiles.get(owner)
		if !ok || cur.Avatar.ID != meta.ID || cur.Avatar.HasBytes() {
			return
		}
		cur.Avatar.Data, cur.Avatar.Path = av.Data, av.Path
		c.bus.publish(ProfileEvent{Profile: c.profiles.put(cur)})
	})
}
