package xmppclient

import (
	"bytes"
	"context"
	"fmt"

	"github.com/parley-im/parley/profile"
)

// Who may read vcard-temp (XEP-0054) depends on the server, not on
// Parley: Prosody's mod_vcard_legacy builds it from the PEP nodes and
// applies their access model, while ejabberd keeps it apart and answers
// it to every user of the server. A private field may reach vcard-temp
// only where vcard-temp keeps its audience, so Parley writes vcard-temp
// only where the server does not convert, and then only what the
// visibility setting makes public.
//
// Whether the server converts is found out from what it does in this
// save, never from its disco features (ejabberd 23.01 advertises
// urn:xmpp:pep-vcard-conversion:0 but converts only avatars, from
// vcard-temp to PEP) and never from a match alone: a copy an earlier
// Parley session wrote matches too.

// publicMirror is what vcard-temp, readable by anyone, may carry under
// vis: the fields the setting makes public, and the nickname whatever the
// setting. The nickname is public anyway: it travels in every
// subscription request to people who are not contacts yet (XEP-0172
// §4.2), and without it a vcard-temp-only contact sees a bare address.
// So with the contacts-only default the copy is the nickname alone, with
// "mixed" the nickname and the photo, with "public" everything. A field
// left out is removed from an earlier copy that carried it: going back
// to contacts takes mobile number, e-mail and status out again.
//
// The photo is not Parley's to leave out: ejabberd's mod_avatar copies
// every XEP-0084 avatar into vcard-temp by itself, and a vcard-temp
// without PHOTO makes it remove the avatar. So a photo that seen (the
// vcard-temp as the server answers it now) carries and that is our current
// avatar stays whatever the setting; any other photo goes, and where the
// setting makes the picture public our avatar is written.
func publicMirror(p, seen profile.Profile, vis profile.Visibility) profile.Profile {
	m := profile.Profile{JID: p.JID, Nickname: p.Nickname}
	if vis.Public(profile.FieldStatus) {
		m.Status = p.Status
	}
	if vis.Public(profile.FieldMobile) {
		m.MobileNumber = p.MobileNumber
	}
	if vis.Public(profile.FieldEmail) {
		m.Email = p.Email
	}
	switch {
	case serverPhoto(seen, p):
		m.Avatar = seen.Avatar
	case vis.Public(profile.FieldImage) && (len(p.Avatar.Data) > 0 || p.Avatar.URL != ""):
		m.Avatar = profile.Avatar{ID: p.Avatar.ID, Type: p.Avatar.Type, Data: p.Avatar.Data, URL: p.Avatar.URL}
	}
	return m
}

// serverPhoto reports whether seen's photo is p's avatar, as the server's
// own avatar conversion puts it there.
func serverPhoto(seen, p profile.Profile) bool {
	data := p.Avatar.ID != "" && seen.Avatar.ID == p.Avatar.ID && len(seen.Avatar.Data) > 0
	// An avatar published by URL comes back as EXTVAL alone.
	url := seen.Avatar.ID == "" && seen.Avatar.URL != "" && seen.Avatar.URL == p.Avatar.URL
	return data || url
}

// isPublicMirror reports whether v already is publicMirror(p, v, vis).
func isPublicMirror(v, p profile.Profile, vis profile.Visibility) bool {
	m := publicMirror(p, v, vis)
	return v.Nickname == m.Nickname && v.MobileNumber == m.MobileNumber && v.Email == m.Email &&
		v.Status == m.Status && v.Avatar.ID == m.Avatar.ID && v.Avatar.URL == m.Avatar.URL
}

// observable reports whether a conversion of p's vCard4 would change
// what before says: the nickname, the e-mail (the first, as both Parley
// and the conversion write it) or the status differ. The number is no
// sign: with a work and a mobile number the vcard-temp reading picks one
// that a conversion may not change.
func observable(before, p profile.Profile) bool {
	return before.Nickname != p.Nickname || before.Email != p.Email || before.Status != p.Status
}

// changed reports whether vcard-temp changed between two readings in the
// fields a conversion of vCard4 writes. The photo is left out: ejabberd's
// mod_avatar changes it on every avatar publish without converting
// anything else.
func changed(a, b profile.Profile) bool {
	return a.Nickname != b.Nickname || a.Email != b.Email || a.Status != b.Status || a.MobileNumber != b.MobileNumber
}

// mirrorVCardTemp runs after the vCard4 node has been published. before is
// our vcard-temp as read just before that publish, vcard the vCard4
// payload published. If a conversion would have changed before, this save
// tells: vcard-temp changed by itself only on a server that converts.
// Otherwise the answer found earlier in this session is used; with none,
// and nothing private in vcard-temp, nothing is written. Every write goes
// through writeMirror, which checks that vCard4 was left alone.
func (c *Client) mirrorVCardTemp(ctx context.Context, p profile.Profile, vcard []byte, before profile.Profile, beforeErr error) error {
	if beforeErr != nil {
		return fmt.Errorf("read vcard-temp before the save: %w", beforeErr)
	}
	after, err := c.fetchVCardTemp(ctx, "")
	if err != nil {
		return fmt.Errorf("read back vcard-temp: %w", err)
	}
	c.profiles.mu.Lock()
	converts := c.profiles.converts
	c.profiles.mu.Unlock()
	if observable(before, p) {
		yes := changed(before, after)
		converts = &yes
		c.setConverts(yes)
	}
	vis := c.visibility()
	if converts != nil && *converts || isPublicMirror(after, p, vis) {
		return nil
	}
	if serverPhoto(after, p) {
		c.log.Warn("the server copies the avatar into vcard-temp, which every user of the server can read")
	}
	yes, err := c.writeMirror(ctx, p, vcard, publicMirror(p, after, vis))
	if err == nil {
		c.setConverts(yes)
	}
	return err
}

func (c *Client) setConverts(yes bool) {
	c.profiles.mu.Lock()
	c.profiles.converts = &yes
	c.profiles.mu.Unlock()
}

// writeMirror writes mirror, the public copy, where vcard-temp is believed to be
// kept apart, or where nothing told yet and vcard-temp answers private
// fields (either the server converts, or an earlier copy, Parley's own or
// another client's, is readable by anyone). It reads the vCard4 node
// before and after the write: a server that converts has turned the write
// into vCard4 (Prosody), and Parley's vCard4 is published again; one that
// keeps vcard-temp apart left vCard4 alone, and the private fields are
// gone from vcard-temp. It reports whether the server converts.
func (c *Client) writeMirror(ctx context.Context, p profile.Profile, vcard []byte, mirror profile.Profile) (bool, error) {
	_, was, err := c.FetchItem(ctx, "", profile.NodeVCard4, "current")
	if err != nil {
		return false, fmt.Errorf("read the vCard4 node: %w", err)
	}
	if err := c.setVCardTemp(ctx, mirror); err != nil {
		return false, err
	}
	_, now, err := c.FetchItem(ctx, "", profile.NodeVCard4, "current")
	if err != nil {
		return false, fmt.Errorf("read the vCard4 node after the vcard-temp write: %w", err)
	}
	if bytes.Equal(was, now) {
		return false, nil
	}
	c.log.Info("the server converts vcard-temp into vCard4; publishing the vCard4 again")
	return true, c.publishProfileNode(ctx, profile.NodeVCard4, "current", vcard)
}
