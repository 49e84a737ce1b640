package xmppclient

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"mellium.im/xmpp"

	"github.com/parley-im/parley/profile"
)

// profileState caches the last known profile of each JID, so that a PEP
// notification (one node changed) can be merged into a full profile
// without fetching every node again, and duplicate notifications change
// nothing.
type profileState struct {
	mu     sync.Mutex
	known  map[string]profile.Profile
	hashes map[string]string // XEP-0153 photo hash last seen per contact
	// converts records whether the server mirrors vCard4 into vcard-temp
	// itself (Prosody's vcard_legacy); nil until the first update finds out.
	converts *bool
	// visibility is the setting an UpdateProfile applied; "" until then
	// (Config.Visibility holds).
	visibility profile.Visibility
	// pepNick: the contact has a XEP-0172 nickname, which then wins over
	// the vCard4 one; without it a vCard4 nickname change is the change.
	pepNick map[string]bool
	queue   *profileQueue
	once    sync.Once
	// avatarQueue fetches contacts' avatar bytes apart from queue
	// (avatarbytes.go).
	avatarQueue *profileQueue
	avatarOnce  sync.Once
	seen        map[string]uint8 // which profile nodes were notified, per contact
	// changed is called after a put that changed a contact's profile (to
	// save the snapshot); nil in tests that build a bare profileState.
	changed func()
	// own is this account's bare JID: its profile keeps its avatar's
	// bytes (a profile save builds on them); a contact's stay on disk once
	// they are cached (see kept).
	own string
	// refetch bounds the full refetches a photo hash asks for.
	refetch     *refetchLimiter
	refetchOnce sync.Once
}

func (p *profileState) setPEPNick(bare string, has bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pepNick == nil {
		p.pepNick = map[string]bool{}
	}
	p.pepNick[bare] = has
}

func (p *profileState) hasPEPNick(bare string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pepNick[bare]
}

func (p *profileState) get(bare string) (profile.Profile, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	pr, ok := p.known[bare]
	return pr, ok
}

// put stores pr and returns what was stored (see kept), which is what a
// ProfileEvent announces.
func (p *profileState) put(pr profile.Profile) profile.Profile {
	pr = p.putQuiet(pr)
	if p.changed != nil {
		p.changed()
	}
	return pr
}

// putQuiet stores pr without scheduling a snapshot save (for what was just
// read from the snapshot), and returns what was stored.
func (p *profileState) putQuiet(pr profile.Profile) profile.Profile {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.known == nil {
		p.known = map[string]profile.Profile{}
	}
	pr = p.kept(pr)
	p.known[pr.JID] = pr
	return pr
}

// kept is pr as it is kept in memory: a contact's avatar that is in the
// avatar cache keeps its Path and not its bytes (profile.Avatar.Bytes
// reads them; avatarbytes.go in the profile package says why).
func (p *profileState) kept(pr profile.Profile) profile.Profile {
	if pr.JID != p.own && pr.Avatar.Path != "" {
		pr.Avatar.Data = nil
	}
	return pr
}

// background queues profile work for jid (see profileQueue).
func (c *Client) background(jid string, f func()) {
	c.profiles.once.Do(func() { c.profiles.queue = newProfileQueue(c.stop) })
	c.profiles.queue.add(jid, f)
}

// afterConnect runs once a (re)connected session is up.
func (c *Client) afterConnect(*xmpp.Session) {
	c.profiles.mu.Lock()
	c.profiles.converts = nil // the server may have changed across a reconnect
	c.profiles.mu.Unlock()
}

// profileStoreDelay, zero outside tests, holds a notification's profile
// work between its merge and its store: the window in which work the
// merge started must not look for what is not stored yet.
var profileStoreDelay atomic.Int64

// onProfileNodeChanged turns a PEP notification for a profile node into a
// ProfileEvent with the full, merged profile.
func (c *Client) onProfileNodeChanged(pe PEPEvent) {
	switch pe.Node {
	case profile.NodeVCard4, profile.NodeNickname, profile.NodeAvatarMetadata:
	default:
		return
	}
	c.background(pe.From, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		old, ok := c.profiles.get(pe.From)
		var next profile.Profile
		if !ok {
			p, err := c.firstNews(ctx, pe)
			if err != nil {
				c.log.Warn("profile refresh", "jid", pe.From, "err", err)
				return
			}
			next = p
		} else {
			c.profiles.markSeen(pe.From, pe.Node)
			next = old
			if err := c.mergeNode(ctx, &next, pe); err != nil {
				c.log.Warn("profile event", "jid", pe.From, "node", pe.Node, "err", err)
				return
			}
		}
		if ok && sameProfile(old, next) {
			return
		}
		if d := profileStoreDelay.Load(); d > 0 {
			time.Sleep(time.Duration(d))
		}
		c.bus.publish(ProfileEvent{Profile: c.profiles.put(next)})
	})
}

// mergeNode applies one notification to a known profile.
func (c *Client) mergeNode(ctx context.Context, p *profile.Profile, pe PEPEvent) error {
	switch pe.Node {
	case profile.NodeNickname:
		if pe.Retracted {
			p.Nickname = ""
			c.profiles.setPEPNick(pe.From, false)
			return nil
		}
		nick, err := profile.DecodeNickname(pe.Payload)
		if err != nil {
			return err
		}
		p.Nickname = nick
		c.profiles.setPEPNick(pe.From, nick != "")
	case profile.NodeVCard4:
		if pe.Retracted {
			p.Status, p.MobileNumber, p.Email = "", "", ""
			return nil
		}
		v, err := profile.DecodeVCard4(pe.Payload)
		if err != nil {
			return err
		}
		mergeVCard(p, v, c.profiles.hasPEPNick(pe.From))
	case profile.NodeAvatarMetadata:
		if pe.Retracted {
			p.Avatar = profile.Avatar{}
			return nil
		}
		meta, disabled, err := profile.DecodeAvatarMetadata(pe.Payload)
		if err != nil {
			return err
		}
		if disabled {
			p.Avatar = profile.Avatar{}
			return nil
		}
		if meta.ID == p.Avatar.ID && p.Avatar.HasBytes() {
			p.Avatar.URL = meta.URL
			return nil
		}
		if path, ok := c.avatarCache().Lookup(meta.ID); ok {
			meta.Path = path
			p.Avatar = meta
			return nil
		}
		if c.later(p.JID, meta) {
			p.Avatar = meta // the bytes follow (avatarbytes.go)
			return nil
		}
		av, err := c.avatarData(ctx, p.JID, meta)
		if err != nil {
			return err
		}
		p.Avatar = av
	}
	return nil
}

// mergeVCard copies the vCard4 fields into p. The nickname node wins over
// the vCard's nickname only when there is one (pepNick): a contact whose
// client writes only vCard4 (Gajim, or any vcard-temp client through
// Prosody's conversion) changes the name by the vCard alone.
func mergeVCard(p *profile.Profile, v profile.Profile, pepNick bool) {
	if !pepNick && v.Nickname != "" || p.Nickname == "" {
		p.Nickname = v.Nickname
	}
	p.Status, p.MobileNumber, p.Email = v.Status, v.MobileNumber, v.Email
}

func sameProfile(a, b profile.Profile) bool {
	return a.JID == b.JID && a.Nickname == b.Nickname && a.Status == b.Status &&
		a.MobileNumber == b.MobileNumber && a.Email == b.Email &&
		a.Avatar.ID == b.Avatar.ID && a.Avatar.URL == b.Avatar.URL
}

// onPhotoHash notices a vcard-temp-only contact's avatar change (XEP-0153)
// and refetches its profile, at most once per change and a rate bound per
// contact (refetchLimiter). A first hash is only recorded: fetching every
// contact's profile at login would flood the server.
func (c *Client) onPhotoHash(bare, hash string) {
	c.profiles.mu.Lock()
	if c.profiles.hashes == nil {
		c.profiles.hashes = map[string]string{}
	}
	prev, seen := c.profiles.hashes[bare]
	c.profiles.hashes[bare] = hash
	known, haveProfile := c.profiles.known[bare]
	c.profiles.mu.Unlock()
	if !seen && !haveProfile || prev == hash || known.Avatar.ID == hash {
		return
	}
	c.profiles.refetchOnce.Do(func() { c.profiles.refetch = newRefetchLimiter(c.background, c.refetchProfile) })
	c.profiles.refetch.request(bare)
}

// refetchProfile fetches bare's whole profile again and reports it when
// it changed. It runs in the profile queue, at most once per change and
// contact (refetchLimiter).
func (c *Client) refetchProfile(bare string) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	p, err := c.fetchProfile(ctx, bare)
	if err != nil {
		c.log.Warn("profile refresh after photo hash", "jid", bare, "err", err)
		return
	}
	if old, ok := c.profiles.get(bare); ok && sameProfile(old, p) {
		return
	}
	c.bus.publish(ProfileEvent{Profile: c.profiles.put(p)})
}

// hasNickname reports whether the account has published a nickname.
func (c *Client) hasNickname(ctx context.Context) bool {
	_, _, err := c.FetchLatest(ctx, "", profile.NodeNickname)
	return err == nil
}

// IsProfileUpdated reports whether the account has published a nickname:
// the SDK's isProfileUpdated.
func (c *Client) IsProfileUpdated(ctx context.Context) bool { return c.hasNickname(ctx) }
