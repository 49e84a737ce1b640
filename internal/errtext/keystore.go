package errtext

import (
	"errors"
	"fmt"
	"strings"

	"github.com/parley-im/parley/keystore"
)

// keystoreText words the errors of package keystore.
func keystoreText(err error) (int, string, bool) {
	switch e := err.(type) {
	case *keystore.AddressError:
		if e.Server {
			return BadRequest, fmt.Sprintf("%q is not a server address; use host:port, for example xmpp.example.org:5222.", e.Value), true
		}
		return BadRequest, fmt.Sprintf("%q is not an account address; use the form alice@example.org.", e.Value), true
	case *keystore.AccountError:
		return accountText(e)
	case *keystore.KeyringError:
		cause := e.Err.Error()
		if errors.Is(e.Err, keystore.ErrKeyringTimeout) {
			cause = fmt.Sprintf("no answer within %s; it may be locked", e.Timeout)
		}
		format := "The password for %s could not be removed from the %s (%s)."
		switch e.Op {
		case keystore.KeyringSave:
			format = "The password for %s could not be saved in the %s (%s); it is kept in memory for this session only."
		case keystore.KeyringRead:
			format = "The password for %s could not be read from the %s (%s); enter it or set a password command."
		}
		return Unavailable, fmt.Sprintf(format, e.JID, e.Keyring, cause), true
	case *keystore.CommandError:
		switch {
		case e.TimedOut:
			return Unavailable, fmt.Sprintf("The password command for %s did not finish within %s; it must print the password without asking for input.", e.JID, e.Timeout), true
		case e.Err == nil:
			return Internal, fmt.Sprintf("The password command for %s printed no password on its first line.", e.JID), true
		}
		msg := fmt.Sprintf("The password command for %s failed (%v)", e.JID, e.Err)
		if e.Stderr != "" {
			msg += ": " + e.Stderr
		}
		return Internal, msg + ".", true
	case *keystore.AccountListError:
		return Internal, accountListText(e), true
	}
	switch err {
	case keystore.ErrNoConfigDir:
		return Internal, "Cannot find the configuration directory: set XDG_CONFIG_HOME or HOME.", true
	case keystore.ErrKeyringTimeout, keystore.ErrNotSaved:
		return Unavailable, "", true
	case keystore.ErrNoAccount, keystore.ErrNoPassword:
		return NotFound, "", true
	case keystore.ErrInvalidAddress, keystore.ErrEmptyPassword:
		return BadRequest, "", true
	}
	return 0, "", false
}

// PasswordStorage is the one sentence on where a password just saved for
// jid went (SavePassword's where and err; why is the reason no keyring is
// reachable). exits is for a front end that ends after one command (the
// CLI): nothing is kept for it, so the sentence says how to give the
// password to the next command instead.
func PasswordStorage(jid string, where keystore.Storage, err error, why string, exits bool) string {
	const next = "write it down now, and give it to each command with --password-stdin or set a password_command for the account"
	var ke *keystore.KeyringError
	switch {
	case errors.As(err, &ke) && ke.Op == keystore.KeyringSave:
		cause := ke.Err.Error()
		if errors.Is(ke.Err, keystore.ErrKeyringTimeout) {
			cause = fmt.Sprintf("no answer within %s; it may be locked", ke.Timeout)
		}
		if exits {
			return fmt.Sprintf("The password for %s could not be saved in the %s (%s): %s.", jid, ke.Keyring, cause, next)
		}
		return fmt.Sprintf("The password for %s could not be saved in the %s (%s), so Parley keeps it only until it quits: write it down now.", jid, ke.Keyring, cause)
	case err != nil:
		return strings.TrimSuffix(Reason(err), ".") + ": write the password down now."
	case where == keystore.StorageKeyring:
		return "The password is saved in the keyring; Parley logs you in with it next time."
	case exits:
		return fmt.Sprintf("No keyring is reachable (%s), so the password is not saved: %s.", why, next)
	}
	return fmt.Sprintf("No keyring is reachable (%s), so Parley keeps the password only until it quits: write it down now.", why)
}

// NoPasswordForCommand is the 401 of a command that found no password
// for jid: how to give one to a command, which cannot be asked.
func NoPasswordForCommand(err error, jid string) *Error {
	if jid == "" {
		var ae *keystore.AccountError
		if errors.As(err, &ae) {
			jid = ae.JID
		}
	}
	if jid == "" {
		jid = "the account"
	}
	return Wrap(Unauthorized, err, "No password is known for %s: give it with --password-stdin on each command, or set a password_command for the account.", jid)
}

func accountText(e *keystore.AccountError) (int, string, bool) {
	switch {
	case errors.Is(e.Err, keystore.ErrNoAccount):
		return NotFound, fmt.Sprintf("No account %s is saved.", e.JID), true
	case errors.Is(e.Err, keystore.ErrEmptyPassword):
		return BadRequest, fmt.Sprintf("The password for %s is empty.", e.JID), true
	case errors.Is(e.Err, keystore.ErrCancelled):
		return Unavailable, fmt.Sprintf("Reading the password for %s was cancelled or ran out of time.", e.JID), true
	case errors.Is(e.Err, keystore.ErrNoPassword):
		return NotFound, fmt.Sprintf("No password is known for %s; enter it or set a password command.", e.JID), true
	}
	return 0, "", false
}

func accountListText(e *keystore.AccountListError) string {
	switch e.Op {
	case keystore.ListRead:
		return fmt.Sprintf("Cannot read the account list %s: %v.", e.Path, e.Err)
	case keystore.ListDecode:
		return fmt.Sprintf("The account list %s is damaged (%v); fix or remove it.", e.Path, e.Err)
	case keystore.ListEncode:
		return fmt.Sprintf("Cannot encode the account list: %v.", e.Err)
	case keystore.ListMkdir:
		return fmt.Sprintf("Cannot create the directory %s: %v.", e.Path, e.Err)
	}
	return fmt.Sprintf("Cannot save the account list %s: %v.", e.Path, e.Err)
}
