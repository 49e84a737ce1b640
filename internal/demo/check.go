package demo

import (
	"context"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// CheckedProfile is the profile of a demo friend as the presenter reads it.
type CheckedProfile struct {
	JID          string `json:"jid"`
	Nickname     string `json:"nickname"`
	StatusText   string `json:"statusText"`
	MobileNumber string `json:"mobileNumber"`
	Email        string `json:"email"`
	AvatarID     string `json:"avatarId"`
	AvatarType   string `json:"avatarType"`
	AvatarBytes  int    `json:"avatarBytes"`
}

// CheckedPresence is a presence of a demo friend the presenter received.
type CheckedPresence struct {
	From         string `json:"from"`
	Availability string `json:"availability"`
	StatusText   string `json:"statusText,omitempty"`
}

// CheckProfile reads the first demo friend's profile through cl and checks
// that every field a demo shows is there: a nickname of the friend's, its
// e-mail and mobile number, and an avatar with its image data.
func (d *Demo) CheckProfile(ctx context.Context, cl *xmppclient.Client) (CheckedProfile, error) {
	if len(d.bots) == 0 {
		return CheckedProfile{}, errtext.New(errtext.NotFound, "There are no demo friends.")
	}
	b := d.bots[0]
	p, err := cl.GetProfile(ctx, b.jid)
	if err != nil {
		return CheckedProfile{}, err
	}
	avatar, _ := p.Avatar.Bytes() // none is a failure below
	c := CheckedProfile{
		JID: p.JID, Nickname: p.Nickname, StatusText: p.Status, MobileNumber: p.MobileNumber, Email: p.Email,
		AvatarID: p.Avatar.ID, AvatarType: p.Avatar.Type, AvatarBytes: len(avatar),
	}
	// The number shows as the friend typed it; the same number either way.
	want, _ := profile.NormalizeMobile(b.friend.Mobile)
	mobile, _ := profile.NormalizeMobile(p.MobileNumber)
	switch {
	case !contains(b.friend.Nicknames, p.Nickname):
		return c, errtext.New(errtext.Internal, "The profile of %s has the nickname %q, not one of the demo's.", b.jid, p.Nickname)
	case p.Email != b.friend.Email || mobile != want:
		return c, errtext.New(errtext.Internal, "The profile of %s lacks its e-mail or mobile number (got %q, %q).", b.jid, p.Email, p.MobileNumber)
	case p.Avatar.ID == "" || len(avatar) == 0:
		return c, errtext.New(errtext.Internal, "The avatar of %s cannot be read.", b.jid)
	}
	return c, nil
}

// WaitPresence returns the first presence of a demo friend on events, or
// fails when ctx ends first.
func (d *Demo) WaitPresence(ctx context.Context, events <-chan xmppclient.Event) (CheckedPresence, error) {
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return CheckedPresence{}, errtext.New(errtext.Unavailable, "The session ended before a demo friend's presence arrived.")
			}
			if p, isP := ev.(xmppclient.PresenceEvent); isP && d.isBot(p.From) {
				return CheckedPresence{From: p.From, Availability: string(p.Show), StatusText: p.StatusText}, nil
			}
		case <-ctx.Done():
			return CheckedPresence{}, errtext.New(errtext.Unavailable, "No presence of a demo friend arrived in time.")
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
