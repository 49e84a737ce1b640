package keystore

import "errors"

// Sentinel errors, found with errors.Is anywhere in a returned error's
// chain.
var (
	// ErrNotSaved: the keyring refused or did not answer, so the password
	// is kept in memory for this process only.
	ErrNotSaved = errors.New("keystore: password not saved in the keyring")
	// ErrNoAccount: no account with that address is saved.
	ErrNoAccount = errors.New("keystore: no such saved account")
	// ErrInvalidAddress: an account address (JID) or server host:port that
	// cannot be used.
	ErrInvalidAddress = errors.New("keystore: invalid address")
	// ErrNoKeyring: no OS keyring can be reached (no D-Bus session bus, no
	// Secret Service, unsupported platform).
	ErrNoKeyring = errors.New("keystore: no keyring is reachable")
	// ErrNoPassword: no password is known for the account (not in memory,
	// not in the keyring, no password command).
	ErrNoPassword = errors.New("keystore: no password is known for this account")
	// ErrKeyringTimeout: the keyring did not answer within the timeout,
	// typically because it is locked and waits for an unlock prompt.
	ErrKeyringTimeout = errors.New("keystore: the keyring did not answer in time")
	// ErrPasswordCommand: the account's password command failed, timed
	// out or printed no password.
	ErrPasswordCommand = errors.New("keystore: the password command failed")
)
