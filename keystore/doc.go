// Package keystore owns Parley's saved accounts and their passwords.
//
// The non-secret account list (JID, server override, CA file, sandbox flag,
// password command, profile visibility, last use) lives in $XDG_CONFIG_HOME/parley/accounts.json
// (~/.config/parley when XDG_CONFIG_HOME is unset), mode 0600, replaced
// atomically on every change.
//
// Passwords are never written to a file by this package. They go to the OS
// keyring through go-keyring (service "parley", user = bare JID): the Secret
// Service on Linux and the BSDs, the Keychain on macOS, the Credential
// Manager on Windows. On Linux the Secret Service is only contacted when a
// D-Bus session bus already exists, so godbus never auto-launches one, and
// every keyring call is bounded by a timeout because a locked keyring can
// wait forever for an unlock prompt nobody sees.
//
// Where no keyring is reachable a saved password is kept in memory for the
// life of the process only. An account may instead name a password command
// (for example "pass show xmpp/alice") whose first line of output is the
// password. Describe and Keyring tell the user which storage is in use.
//
// Errors: callers test with errors.Is for ErrNoKeyring, ErrNoPassword,
// ErrNotSaved, ErrKeyringTimeout, ErrPasswordCommand, ErrNoAccount and
// ErrInvalidAddress, and with errors.As for the types that carry what a
// sentence needs (*AddressError, *AccountError, *KeyringError,
// *CommandError, *AccountListError; errors.go); internal/errtext turns
// any of them into the CLI's status code and sentence.
package keystore
