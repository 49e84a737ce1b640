package app

import (
	"fmt"

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
	switch {
	case err != nil:
		return errtext.Message(err) + " Write the password down now."
	case storage == keystore.StorageKeyring:
		return "The password is saved in the keyring; Parley logs you in with it next time."
	default:
		_, why := a.opts.Store.Keyring()
		return fmt.Sprintf("The password is NOT saved: no keyring is reachable (%s). Parley forgets it when it quits; write it down now.", why)
	}
}

func accountNotSaved(err error) string {
	return "The account could not be saved: " + errtext.Message(err)
}
