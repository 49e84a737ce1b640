package xmppclient

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"sync"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/profile"
)

// GetProfile returns jid's profile ("" for our own): vCard4, nickname and
// avatar from PEP, or vcard-temp where the PEP nodes are missing. Nothing
// published is a 404; a stranger's hidden profile is a 403 or 404, as the
// server says. Every result also goes out as a ProfileEvent (the SDK's
// listener fires on every get).
func (c *Client) GetProfile(ctx context.Context, who string) (profile.Profile, error) {
	p, err := c.fetchProfile(ctx, who)
	if err != nil {
		return profile.Profile{}, err
	}
	if p.JID == c.account.String() {
		p.Visibility = c.visibility()
	}
	// The caller gets the avatar's bytes; the event, like what is kept, may
	// carry only their cached file (profileState.kept).
	c.bus.publish(ProfileEvent{Profile: c.profiles.put(p)})
	return p, nil
}

func (c *Client) fetchProfile(ctx context.Context, who string) (profile.Profile, error) {
	owner := c.account
	if who != "" {
		j, err := parseContact(who)
		if err != nil {
			return profile.Profile{}, err
		}
		owner = j
	}
	target := ""
	if !owner.Equal(c.account) {
		target = owner.String()
	}

	// The three nodes are independent: fetch them at once.
	type result struct {
		payload []byte
		err     error
	}
	nodes := []string{profile.NodeVCard4, profile.NodeNickname, profile.NodeAvatarMetadata}
	results := make([]result, len(nodes))
	var wg sync.WaitGroup
	for i, node := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, payload, err := c.FetchLatest(ctx, target, node)
			results[i] = result{payload, err}
		}()
	}
	wg.Wait()

	p := profile.Profile{JID: owner.String()}
	found := false
	hasVCard := false // the profile's words are in PEP's vCard4
	pepNick := false
	// A node we may not read is private, not the whole profile: with the
	// "mixed" setting (or another client's choice) the nickname and the
	// avatar are open while the vCard4 is for contacts only.
	var refused error
	for i, r := range results {
		if r.err != nil {
			switch {
			case notFound(r.err):
				continue
			case forbidden(r.err):
				refused = r.err
				continue
			}
			return profile.Profile{}, r.err
		}
		found = true
		switch nodes[i] {
		case profile.NodeVCard4:
			hasVCard = true
			v, err := profile.DecodeVCard4(r.payload)
			if err != nil {
				return profile.Profile{}, err
			}
			nick := p.Nickname
			mergeVCard(&p, v, false)
			if nick != "" { // the nickname node, read first, wins
				p.Nickname = nick
			}
		case profile.NodeNickname:
			nick, err := profile.DecodeNickname(r.payload)
			if err != nil {
				return profile.Profile{}, err
			}
			if nick != "" {
				p.Nickname, pepNick = nick, true
			}
		case profile.NodeAvatarMetadata:
			meta, disabled, err := profile.DecodeAvatarMetadata(r.payload)
			if err != nil {
				return profile.Profile{}, err
			}
			if !disabled && meta.ID != "" {
				av, err := c.avatarData(ctx, target, meta)
				if err != nil {
					c.log.Warn("avatar", "jid", owner, "err", err)
					av = meta // keep what the metadata says; the data may come later
				}
				p.Avatar = av
			}
		}
	}
	c.profiles.setPEPNick(owner.String(), pepNick)
	if refused != nil && !found {
		return profile.Profile{}, &PeerError{JID: owner.String(), Problem: PeerProfilePrivate, Err: refused}
	}
	if hasVCard {
		return p, nil
	}
	// Older clients only write vcard-temp. A nickname or an avatar alone
	// in PEP does not mean otherwise: Conversations publishes a XEP-0172
	// nickname and keeps e-mail and phone in vcard-temp, and ejabberd's
	// mod_avatar publishes a vcard-temp PHOTO as an XEP-0084 avatar. So
	// what PEP lacks is read from vcard-temp.
	legacy, err := c.fetchVCardTemp(ctx, target)
	if err != nil {
		if found {
			c.log.Warn("vcard-temp", "jid", owner, "err", err)
			return p, nil // the PEP avatar is still worth showing
		}
		return profile.Profile{}, err
	}
	legacy.JID = owner.String()
	if p.Avatar.ID != "" {
		legacy.Avatar = p.Avatar // PEP's copy: checked, sized, cached
	}
	if p.Nickname != "" {
		legacy.Nickname = p.Nickname // XEP-0172 wins where it exists
	}
	if legacy.IsZero() {
		return profile.Profile{}, &PeerError{JID: owner.String(), Problem: PeerNoProfile}
	}
	if legacy.Avatar.Data != nil && legacy.Avatar.Path == "" {
		if path, err := c.avatarCache().Put(legacy.Avatar.ID, legacy.Avatar.Data); err == nil {
			legacy.Avatar.Path = path
		}
	}
	return legacy, nil
}

// maxContactAvatarSide bounds the avatars accepted from others; XEP-0084
// asks for at most a few hundred pixels, Parley publishes 192.
const maxContactAvatarSide = 2048

// avatarData returns the avatar described by meta with its bytes: from the
// disk cache by id, else fetched from the owner's data node, checked
// against the announced SHA-1 and as an image, then cached.
func (c *Client) avatarData(ctx context.Context, owner string, meta profile.Avatar) (profile.Avatar, error) {
	cache := c.avatarCache()
	if data, path, ok := cache.Get(meta.ID); ok {
		meta.Data, meta.Path = data, path
		return meta, nil
	}
	_, payload, err := c.FetchItem(ctx, owner, profile.NodeAvatarData, meta.ID)
	if err != nil {
		return meta, err
	}
	data, err := profile.DecodeAvatarData(payload)
	if err != nil {
		return meta, err
	}
	if err := profile.VerifyAvatar(data, meta.ID); err != nil {
		return meta, err
	}
	cfg, _, err := profile.CheckImage(data)
	if err != nil {
		return meta, err
	}
	// Decoding for display costs width×height×4 bytes whatever the file
	// size (a tiny progressive JPEG can claim 8192×8192: 256 MiB and more),
	// so a contact's avatar is held to what an avatar needs.
	if cfg.Width > maxContactAvatarSide || cfg.Height > maxContactAvatarSide {
		return meta, &PeerError{JID: profile.Sanitize(owner), Problem: PeerAvatarTooLarge,
			Err: &profile.PixelLimitError{What: "avatar of " + profile.Sanitize(owner), Width: cfg.Width, Height: cfg.Height, MaxSide: maxContactAvatarSide}}
	}
	path, err := cache.Put(meta.ID, data)
	if err != nil {
		c.log.Warn("avatar cache", "err", err)
	}
	meta.Data, meta.Path = data, path
	return meta, nil
}

func (c *Client) avatarCache() profile.Cache {
	if c.cfg.AvatarCacheDir != "" {
		return profile.Cache{Dir: c.cfg.AvatarCacheDir}
	}
	cache, err := profile.DefaultCache()
	if err != nil {
		// No cache dir (no HOME): a Cache with no Dir misses every Get and
		// fails every Put, which only costs refetching.
		c.log.Warn("avatar cache", "err", err)
	}
	return cache
}

// fetchVCardTemp reads a XEP-0054 vCard ("" = our own).
func (c *Client) fetchVCardTemp(ctx context.Context, target string) (profile.Profile, error) {
	sess, err := c.session()
	if err != nil {
		return profile.Profile{}, err
	}
	iq := stanza.IQ{Type: stanza.GetIQ}
	if target != "" {
		j, err := parseContact(target)
		if err != nil {
			return profile.Profile{}, err
		}
		iq.To = j
	}
	start := xml.StartElement{Name: xml.Name{Space: "vcard-temp", Local: "vCard"}}
	var reply rawElement
	err = sess.UnmarshalIQElement(ctx, xmlstream.Wrap(nil, start), iq, &reply)
	if errors.Is(err, io.EOF) || err == nil && len(reply.XML) == 0 {
		return profile.Profile{}, nil
	}
	if err != nil {
		if notFound(err) {
			return profile.Profile{}, nil
		}
		return profile.Profile{}, stanzaErr(err, "Fetching the vCard of "+target)
	}
	return profile.DecodeVCardTemp(reply.XML)
}

// VCardTemp reads who's XEP-0054 vCard ("" for our own), as a
// vcard-temp-only client would see the profile.
func (c *Client) VCardTemp(ctx context.Context, who string) (profile.Profile, error) {
	return c.fetchVCardTemp(ctx, who)
}

// setVCardTemp writes our XEP-0054 vCard.
func (c *Client) setVCardTemp(ctx context.Context, p profile.Profile) error {
	sess, err := c.session()
	if err != nil {
		return err
	}
	payload, err := profile.EncodeVCardTemp(p)
	if err != nil {
		return err
	}
	if err := sess.UnmarshalIQElement(ctx, rawXML(payload), stanza.IQ{Type: stanza.SetIQ}, nil); err != nil {
		return stanzaErr(err, "Setting vcard-temp")
	}
	return nil
}
