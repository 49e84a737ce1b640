package xmppclient

import (
	"context"
	"fmt"

	"github.com/parley-im/parley/profile"
)

// UpdateProfile validates u, then publishes the profile: avatar data and
// metadata (when u.Image names a new image, or u.Avatar holds it loaded
// already; none when u.RemoveImage), vCard4 (NOTE carries the status), nickname, presence with
// the XEP-0153 hash when it changed, and, where the server does not
// convert vCard4 itself, a vcard-temp with the public fields only (see
// mirrorVCardTemp). A u.Visibility first reconfigures every profile node
// for that setting (applyVisibility); every node is published with the
// access model the setting in force gives it. Nothing is sent when a field is invalid;
// a failed step is named in the error, whose code is that of the step's
// failure.
func (c *Client) UpdateProfile(ctx context.Context, u profile.Update) (profile.Profile, error) {
	if err := u.Validate(); err != nil {
		return profile.Profile{}, err
	}
	u = u.Normalized()
	if _, err := c.session(); err != nil {
		return profile.Profile{}, err
	}
	if u.Visibility != "" {
		if err := c.applyVisibility(ctx, u.Visibility); err != nil {
			return profile.Profile{}, &SaveError{Step: "visibility", Err: err}
		}
	}
	p := profile.Profile{
		JID:          c.account.String(),
		Nickname:     u.Nickname,
		Status:       u.Status,
		MobileNumber: u.MobileNumber,
		Email:        u.Email,
	}

	newImage := u.Image != "" || u.Avatar != nil
	switch {
	case u.RemoveImage: // p.Avatar stays empty
	case u.Avatar != nil: // loaded by the caller; not fetched twice
		p.Avatar = u.PublishedAvatar(*u.Avatar)
	case newImage:
		av, err := profile.LoadImage(ctx, u.Image)
		if err != nil {
			return profile.Profile{}, err
		}
		p.Avatar = u.PublishedAvatar(av) // its URL only when asked
	default:
		p.Avatar = c.currentAvatar(ctx)
	}

	step := func(name string, err error) error {
		if err == nil {
			return nil
		}
		return &SaveError{Step: name, Err: err}
	}
	if u.RemoveImage {
		if err := step("avatar metadata", c.removeAvatar(ctx)); err != nil {
			return profile.Profile{}, err
		}
	} else if newImage {
		if err := step("avatar data", c.publishProfileNode(ctx, profile.NodeAvatarData, p.Avatar.ID, profile.EncodeAvatarData(p.Avatar.Data))); err != nil {
			return profile.Profile{}, err
		}
		if err := step("avatar metadata", c.publishProfileNode(ctx, profile.NodeAvatarMetadata, p.Avatar.ID, profile.EncodeAvatarMetadata(p.Avatar))); err != nil {
			return profile.Profile{}, err
		}
		if path, err := c.avatarCache().Put(p.Avatar.ID, p.Avatar.Data); err == nil {
			p.Avatar.Path = path
		}
	}
	// What vcard-temp said before this save: mirrorVCardTemp tells a
	// server that converts from Parley's own earlier copy by it.
	before, beforeErr := c.fetchVCardTemp(ctx, "")
	vcard, err := c.editedVCard4(ctx, p)
	if err != nil {
		return profile.Profile{}, step("vCard4", err)
	}
	if err := step("vCard4", c.publishProfileNode(ctx, profile.NodeVCard4, "current", vcard)); err != nil {
		return profile.Profile{}, err
	}
	if err := step("nickname", c.publishProfileNode(ctx, profile.NodeNickname, "current", profile.EncodeNickname(p.Nickname))); err != nil {
		return profile.Profile{}, err
	}

	if err := step("presence", c.announcePhoto(ctx, p.Avatar.ID, u.RemoveImage)); err != nil {
		return profile.Profile{}, err
	}
	if err := step("vcard-temp", c.mirrorVCardTemp(ctx, p, vcard, before, beforeErr)); err != nil {
		return profile.Profile{}, err
	}

	p.Visibility = c.visibility()
	c.profiles.put(p)
	c.bus.publish(ProfileEvent{Profile: p})
	return p, nil
}

// announcePhoto puts the avatar's XEP-0153 hash into our presence and
// sends it when that changed. Only the hash: the presence text is the
// user's last SetPresence, never the profile's status.
func (c *Client) announcePhoto(ctx context.Context, hash string, removed bool) error {
	c.mu.Lock()
	before := c.presence
	c.presence.photoHash = hash
	c.presence.noPhoto = removed || (c.presence.noPhoto && hash == "")
	changed := before.photoHash != c.presence.photoHash || before.noPhoto != c.presence.noPhoto
	c.mu.Unlock()
	if !changed {
		return nil
	}
	sess, err := c.session()
	if err != nil {
		return err
	}
	return c.sendOwnPresence(ctx, sess)
}

// currentAvatar is our published avatar, kept when an update names no new
// image.
func (c *Client) currentAvatar(ctx context.Context) profile.Avatar {
	if p, ok := c.profiles.get(c.account.String()); ok && p.Avatar.ID != "" {
		// Kept with its bytes (profileState.kept), which the vcard-temp
		// mirror needs; should they be only on disk, they are read back.
		if data, err := p.Avatar.Bytes(); err == nil && len(data) > 0 {
			p.Avatar.Data = data
			return p.Avatar
		}
	}
	_, payload, err := c.FetchLatest(ctx, "", profile.NodeAvatarMetadata)
	if err != nil {
		return profile.Avatar{}
	}
	meta, disabled, err := profile.DecodeAvatarMetadata(payload)
	if err != nil || disabled {
		return profile.Avatar{}
	}
	av, err := c.avatarData(ctx, "", meta)
	if err != nil {
		return meta
	}
	return av
}

// editedVCard4 is the vCard4 now published with p's fields written in
// (profile.EditVCard4): what other clients put there survives the save. A
// node that cannot be read fails the save rather than be overwritten; an
// item that is no vCard4 (malformed, or over the size limit) holds nothing
// to keep and is replaced, or no save could ever mend it.
func (c *Client) editedVCard4(ctx context.Context, p profile.Profile) ([]byte, error) {
	_, current, err := c.FetchLatest(ctx, "", profile.NodeVCard4)
	if err != nil && !notFound(err) {
		return nil, fmt.Errorf("read the current vCard4: %w", err)
	}
	edited, err := profile.EditVCard4(current, p)
	if err != nil {
		c.log.Warn("the current vCard4 cannot be read; replacing it", "err", err)
		return profile.EncodeVCard4(p)
	}
	return edited, nil
}
