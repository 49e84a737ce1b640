package keystore

import "context"

// Saved reports whether a log-in finds a password for jid without asking:
// one in the keyring (read within the keyring timeout, nothing returned)
// or the account's password command (not run). A password held only in
// this process's memory does not count: it is gone at the next start. A
// keyring that fails counts as not saved, so a list shows "asks for
// password" rather than a promise it cannot keep.
func (s *Store) Saved(ctx context.Context, jidStr string) bool {
	bare, err := NormalizeJID(jidStr)
	if err != nil {
		return false
	}
	if a, found, err := s.Account(bare); err == nil && found && a.PasswordCommand != "" {
		return true
	}
	if ok, _ := s.Keyring(); !ok {
		return false
	}
	err = s.guard.do(ctx, func() error {
		_, err := s.backend.Get(Service, bare)
		return err
	})
	return err == nil
}
