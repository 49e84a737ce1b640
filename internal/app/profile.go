package app

import (
	"context"
	"fmt"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/profile"
)

// The steps of a profile save, as SaveError names them.
const (
	StepCheck     = "check the fields"
	StepRead      = "read the current profile"
	StepLoadImage = "load the image"
	StepPublish   = "publish the profile"
)

// SaveError says which step of a profile save failed; errtext.Code and
// errtext.Message see through it to the cause.
type SaveError struct {
	Step string // one of the Step constants
	Err  error
}

func (e *SaveError) Error() string { return fmt.Sprintf("%s: %v", e.Step, e.Err) }
func (e *SaveError) Unwrap() error { return e.Err }

// SaveProfile validates u once, loads its image once (one download for a
// URL) and publishes it through s.
func (a *App) SaveProfile(ctx context.Context, s Session, u profile.Update) (profile.Profile, error) {
	if err := u.Validate(); err != nil {
		return profile.Profile{}, &SaveError{Step: StepCheck, Err: err}
	}
	n := u.Normalized()
	if n.Image != "" && n.Avatar == nil {
		av, err := a.LoadImage(ctx, n.Image)
		if err != nil {
			return profile.Profile{}, &SaveError{Step: StepLoadImage, Err: err}
		}
		n.Avatar = &av
	}
	p, err := s.UpdateProfile(ctx, n)
	if err != nil {
		return profile.Profile{}, &SaveError{Step: StepPublish, Err: err}
	}
	if n.Visibility != "" {
		if err := a.rememberVisibility(s.CurrentJID(), n.Visibility); err != nil {
			return profile.Profile{}, err
		}
	}
	return p, nil
}

// LoadImage loads and checks a profile image from a file or URL, within
// what this front end may read (Options.Images).
func (a *App) LoadImage(ctx context.Context, src string) (profile.Avatar, error) {
	return profile.LoadImageFrom(ctx, src, a.opts.Images)
}

// FieldRemoveImage, as a key of EditProfile's fields (any value), removes
// the avatar instead of keeping it.
const FieldRemoveImage = "removeImage"

// FieldPublishURL, as a key of EditProfile's fields (any value), publishes
// the address of an image given by URL besides the image
// (profile.Update.PublishURL).
const FieldPublishURL = "publishURL"

// EditProfile changes the fields named in fields (keys profile.FieldNickname,
// FieldStatus, FieldMobile, FieldEmail, FieldImage; FieldVisibility) and keeps the
// published value of every other one; an absent FieldImage keeps the
// avatar.
func (a *App) EditProfile(ctx context.Context, s Session, fields map[string]string) (profile.Profile, error) {
	var cur profile.Profile
	if !hasAll(fields, profile.FieldNickname, profile.FieldStatus, profile.FieldMobile, profile.FieldEmail) {
		var err error
		cur, err = s.GetProfile(ctx, "")
		if err != nil && errtext.Code(err) != errtext.NotFound {
			return profile.Profile{}, &SaveError{Step: StepRead, Err: err}
		}
	}
	return a.SaveProfile(ctx, s, Merge(cur, fields))
}

// Merge is the update that sets fields over cur: "fields not given keep
// their value". Image is only what fields give ("" keeps the avatar).
func Merge(cur profile.Profile, fields map[string]string) profile.Update {
	pick := func(field, current string) string {
		if v, ok := fields[field]; ok {
			return v
		}
		return current
	}
	return profile.Update{
		Nickname:     pick(profile.FieldNickname, cur.Nickname),
		Status:       pick(profile.FieldStatus, cur.Status),
		MobileNumber: pick(profile.FieldMobile, cur.MobileNumber),
		Email:        pick(profile.FieldEmail, cur.Email),
		Image:        fields[profile.FieldImage],
		RemoveImage:  hasAll(fields, FieldRemoveImage),
		Visibility:   profile.Visibility(fields[FieldVisibility]),
		PublishURL:   hasAll(fields, FieldPublishURL),
	}
}

func hasAll(m map[string]string, keys ...string) bool {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}
