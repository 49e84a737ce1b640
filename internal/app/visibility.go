package app

import (
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/profile"
)

// FieldVisibility, as a key of EditProfile's fields, changes who may see
// the profile (profile.ParseVisibility reads the value).
const FieldVisibility = profile.FieldVisibility

// rememberVisibility keeps v as the account's setting, which the next
// log-in gives the client (Config.Visibility): a setting lost would let
// the next session publish by the old one, so failing to keep it is an
// error. An account that is not saved (a trial account not kept) has the
// setting for this session only.
func (a *App) rememberVisibility(jid string, v profile.Visibility) error {
	bare, err := BareJID(jid)
	if err != nil {
		return err
	}
	st := a.opts.Store
	acc, found, err := st.Account(bare)
	if err == nil && !found {
		return nil
	}
	if err == nil {
		acc.ProfileVisibility = string(v.OrDefault())
		err = st.SaveAccount(acc)
	}
	if err != nil {
		return errtext.Wrap(errtext.Internal, err, "The profile is published, but the visibility setting could not be saved on this machine (%v); the next session would publish by the old one, so set it again.", err)
	}
	return nil
}
