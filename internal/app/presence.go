package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/xmppclient"
)

// ErrNotKept is wrapped by SetPresence's and SetShareIdle's error when
// the setting holds for the session but the account file could not keep
// it for the next log-in.
var ErrNotKept = errors.New("app: the setting holds for this session only")

// SetPresence announces show and text through s and keeps them as the
// account's choice: the next full log-in (the UI, watch) announces them
// again. The presence text is not the profile's status (vCard4 NOTE),
// and no profile save changes it. A choice the account file cannot keep
// is still announced; the error says it will not last.
func (a *App) SetPresence(ctx context.Context, s Session, show xmppclient.Show, text string) error {
	if err := s.SetPresence(ctx, show, text); err != nil {
		return err
	}
	return a.keep(s.CurrentJID(), func(acc *keystore.Account) {
		acc.PresenceShow, acc.PresenceText = string(show), text
		if show == xmppclient.ShowOnline {
			acc.PresenceShow = ""
		}
	}, "Your presence is announced, but it could not be saved for the next log-in: %v.")
}

// SetShareIdle says whether contacts may ask s how long the user has been
// idle (XEP-0012 on the full JID; off, they are refused), for this
// session and the account's next log-ins.
func (a *App) SetShareIdle(s Session, on bool) error {
	s.SetShareIdle(on)
	return a.keep(s.CurrentJID(), func(acc *keystore.Account) { acc.HideIdle = !on },
		"The idle time setting holds for this session, but it could not be saved: %v.")
}

// keep changes the saved account of jid (a full or bare JID). An account
// that is not saved has nothing to keep the setting in: that is no error.
func (a *App) keep(jid string, change func(*keystore.Account), failure string) error {
	err := a.opts.Store.UpdateAccount(jid, change)
	if err == nil || errors.Is(err, keystore.ErrNoAccount) {
		return nil
	}
	return errtext.Wrap(errtext.Internal, fmt.Errorf("%w: %w", ErrNotKept, err), failure, err)
}
