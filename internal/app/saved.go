package app

import "context"

// PasswordSaved reports whether a log-in of jid finds its password without
// asking (the keyring or a password command; see keystore.Store.Saved).
// The welcome screen asks it per account after listing them, so a keyring
// that waits to be unlocked delays only that mark, not the list.
func (a *App) PasswordSaved(ctx context.Context, jid string) bool {
	return a.opts.Store.Saved(ctx, jid)
}
