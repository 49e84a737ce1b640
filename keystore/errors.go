package keystore

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

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

// More sentinels, each found inside one of the types below.
var (
	// ErrEmptyPassword: SavePassword was given an empty password.
	ErrEmptyPassword = errors.New("keystore: empty password")
	// ErrCancelled: reading the password from the keyring was cancelled or
	// ran out of time (the caller's context).
	ErrCancelled = errors.New("keystore: reading the password was cancelled")
	// ErrNoConfigDir: there is no configuration directory (neither
	// XDG_CONFIG_HOME nor HOME).
	ErrNoConfigDir = errors.New("keystore: no configuration directory")
)

// AddressError is an account address (JID) or a server host:port that
// cannot be used. It wraps ErrInvalidAddress.
type AddressError struct {
	Server bool   // a server host:port, not an account address
	Value  string // what was given
}

func (e *AddressError) Error() string {
	if e.Server {
		return fmt.Sprintf("keystore: invalid server address %q", e.Value)
	}
	return fmt.Sprintf("keystore: invalid account address %q", e.Value)
}

func (e *AddressError) Unwrap() error { return ErrInvalidAddress }

// AccountError is a failure about one account: Err is ErrNoAccount,
// ErrNoPassword (maybe with ErrNoKeyring), ErrEmptyPassword or
// ErrCancelled (with the keyring's error).
type AccountError struct {
	JID string // bare
	Err error
}

func (e *AccountError) Error() string {
	return "keystore: " + e.JID + ": " + strings.TrimPrefix(e.Err.Error(), "keystore: ")
}
func (e *AccountError) Unwrap() error { return e.Err }

// KeyringOp names what a KeyringError was doing.
type KeyringOp string

// The keyring calls that can fail.
const (
	KeyringSave   KeyringOp = "save"   // the error also wraps ErrNotSaved
	KeyringRead   KeyringOp = "read"   // the error also wraps ErrNoPassword
	KeyringRemove KeyringOp = "remove" // the password may still be there
)

// KeyringError is a keyring call that failed or timed out (Err wraps
// ErrKeyringTimeout then).
type KeyringError struct {
	Op      KeyringOp
	JID     string
	Keyring string        // the keyring's name, as Keyring() says
	Timeout time.Duration // the bound of one call
	Err     error         // the keyring's error
}

func (e *KeyringError) Error() string {
	if e.Op == KeyringSave {
		return fmt.Sprintf("keystore: password of %s not saved in the %s, kept in memory: %v", e.JID, e.Keyring, e.Err)
	}
	return fmt.Sprintf("keystore: %s the password of %s in the %s: %v", e.Op, e.JID, e.Keyring, e.Err)
}

// Unwrap gives the keyring's error and what its failure means.
func (e *KeyringError) Unwrap() []error {
	switch e.Op {
	case KeyringSave:
		return []error{ErrNotSaved, e.Err}
	case KeyringRead:
		return []error{ErrNoPassword, e.Err}
	}
	return []error{e.Err}
}

// CommandError is an account's password command that failed, ran out of
// time or printed no password. It wraps ErrPasswordCommand.
type CommandError struct {
	JID      string
	Timeout  time.Duration // the bound it ran under
	TimedOut bool          // it did not finish within Timeout (or was cancelled)
	Stderr   string        // a one-line summary of what it printed on stderr
	Err      error         // its exit error; nil when it printed no password
}

func (e *CommandError) Error() string {
	switch {
	case e.TimedOut:
		return fmt.Sprintf("keystore: password command for %s did not finish within %s: %v", e.JID, e.Timeout, e.Err)
	case e.Err == nil:
		return fmt.Sprintf("keystore: password command for %s printed no password", e.JID)
	}
	if e.Stderr != "" {
		return fmt.Sprintf("keystore: password command for %s failed: %v: %s", e.JID, e.Err, e.Stderr)
	}
	return fmt.Sprintf("keystore: password command for %s failed: %v", e.JID, e.Err)
}

// Unwrap gives ErrPasswordCommand and the cause.
func (e *CommandError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrPasswordCommand}
	}
	return []error{ErrPasswordCommand, e.Err}
}

// AccountListOp names what an AccountListError was doing.
type AccountListOp string

// The steps of reading and writing the account list.
const (
	ListRead   AccountListOp = "read"
	ListDecode AccountListOp = "decode" // the file is damaged
	ListEncode AccountListOp = "encode"
	ListMkdir  AccountListOp = "create the directory of"
	ListWrite  AccountListOp = "save"
)

// AccountListError is a failure to read or write the account list.
type AccountListError struct {
	Op   AccountListOp
	Path string // the file, or the directory for ListMkdir
	Err  error
}

func (e *AccountListError) Error() string {
	return fmt.Sprintf("keystore: %s the account list %s: %v", e.Op, e.Path, e.Err)
}

func (e *AccountListError) Unwrap() error { return e.Err }
