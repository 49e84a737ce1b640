package keystore

import "errors"

// Sentinel errors, found with errors.Is in the *apierr.Error chain.
var (
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
