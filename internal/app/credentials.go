package app

import (
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
)

// The storage sentences, the same from every front end.

// storeCredentials saves acc and its password and says what happened to
// both: a failure to save the account does not hide where the password
// went.
func (a *App) storeCredentials(acc keystore.Account, password string) string {
	if err := a.opts.Store.SaveAccount(acc); err != nil {
		return accountNotSaved(err) + " " + a.storePassword(acc.JID, password)
	}
	return a.storePassword(acc.JID, password)
}

// storePassword stores a password and says where it is.
func (a *App) storePassword(jid, password string) string {
	storage, err := a.opts.Store.SavePassword(jid, password)
	_, why := a.opts.Store.Keyring()
	return errtext.PasswordStorage(jid, storage, err, why, a.opts.Exits)
}

func accountNotSaved(err error) string {
	return "The account could not be saved: " + errtext.Message(err)
}
