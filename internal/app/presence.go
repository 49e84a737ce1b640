package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/profile"
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
// is still announced; the error says it will not last. A choice the
// session took but could not send (the connection is down) is kept too:
// the session announces it once reconnected.
func (a *App) SetPresence(ctx context.Context, s Session, show xmppclient.Show, text string) error {
	err := s.SetPresence(ctx, show, text)
	if cur, curText := s.OwnPresence(); cur != show || curText != text {
		return err // refused: nothing changed
	}
	if kerr := a.keep(s.CurrentJID(), choosePresence(show, text), "Your presence is announced, but it could not be saved for the next log-in: %v."); err == nil {
		return kerr
	}
	return err
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

// KeptPresence is the presence the next full log-in of jid's account
// (jid "" means --account, else the most recently used) announces.
func (a *App) KeptPresence(jid string) (account string, show xmppclient.Show, text string, err error) {
	acc, err := a.savedAccount(jid)
	if err != nil {
		return "", "", "", err
	}
	show = xmppclient.Show(acc.PresenceShow)
	if show == "" {
		show = xmppclient.ShowOnline
	}
	return acc.JID, show, acc.PresenceText, nil
}

// KeepPresence sets the presence the next full log-in of jid's account
// announces, without going online (a one-shot command is Quiet: it
// cannot announce anything). A session running meanwhile keeps its own.
func (a *App) KeepPresence(jid string, show xmppclient.Show, text string) (account string, err error) {
	switch show {
	case xmppclient.ShowOnline, xmppclient.ShowAway, xmppclient.ShowDND, xmppclient.ShowXA:
	default:
		return "", errtext.New(errtext.BadRequest, "The availability must be available, away, dnd or xa, not %q.", show)
	}
	if profile.HasUnsafe(text) {
		return "", errtext.New(errtext.BadRequest, "The presence text has control or invisible characters.")
	}
	acc, err := a.savedAccount(jid)
	if err != nil {
		return "", err
	}
	if err := a.opts.Store.UpdateAccount(acc.JID, choosePresence(show, text)); err != nil {
		return "", errtext.Wrap(errtext.Internal, err, "Cannot save the presence in the account: %v.", err)
	}
	return acc.JID, nil
}

// savedAccount is the saved account a setting of jid goes to.
func (a *App) savedAccount(jid string) (keystore.Account, error) {
	acc, found, err := a.Choose(jid)
	if err != nil {
		return keystore.Account{}, err
	}
	if !found {
		return keystore.Account{}, errtext.New(errtext.NotFound, "No account %s is saved: log in once with 'parley connect %s'.", acc.JID, acc.JID)
	}
	return acc, nil
}

// choosePresence keeps show and text in an account; online is kept as
// no show at all.
func choosePresence(show xmppclient.Show, text string) func(*keystore.Account) {
	return func(acc *keystore.Account) {
		acc.PresenceShow, acc.PresenceText = string(show), text
		if show == xmppclient.ShowOnline {
			acc.PresenceShow = ""
		}
	}
}
