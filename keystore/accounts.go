package keystore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"mellium.im/xmpp/jid"
)

// Account is one saved account. It holds nothing secret.
type Account struct {
	JID    string `json:"jid"`               // bare JID, normalized
	Server string `json:"server,omitempty"`  // host:port override, "" = DNS SRV
	CAFile string `json:"ca_file,omitempty"` // extra CA bundle, absolute path
	// TrustFingerprint pins the server's certificate (SHA-256 of its leaf,
	// trusted on first use): only that certificate is accepted.
	TrustFingerprint string `json:"trust_fingerprint,omitempty"`
	// DirectTLS speaks TLS from the first byte (XEP-0368) to Server,
	// instead of STARTTLS; it means nothing without a Server.
	DirectTLS       bool      `json:"direct_tls,omitempty"`
	Sandbox         bool      `json:"sandbox,omitempty"`          // account on the local sandbox server
	PasswordCommand string    `json:"password_command,omitempty"` // e.g. "pass show xmpp/alice"
	LastUsed        time.Time `json:"last_used"`
	// PresenceShow and PresenceText are the availability ("" is online)
	// and presence text the user last chose: the next full log-in
	// announces them.
	PresenceShow string `json:"presence_show,omitempty"`
	PresenceText string `json:"presence_text,omitempty"`
	// HideIdle keeps the idle time from contacts (XEP-0012 answered
	// with forbidden).
	HideIdle bool `json:"hide_idle,omitempty"`
	// ProfileVisibility is who may see the profile: "contacts" (also
	// when empty), "mixed" or "public"; the client publishes by it.
	ProfileVisibility string `json:"profile_visibility,omitempty"`
}

// accountsFile is the on-disk shape; version leaves room to migrate.
type accountsFile struct {
	Version  int       `json:"version"`
	Accounts []Account `json:"accounts"`
}

const accountsVersion = 1

// NormalizeJID returns the bare form of s (resource dropped, PRECIS case
// folding applied), the key for both the account list and the keyring.
func NormalizeJID(s string) (string, error) {
	j, err := jid.Parse(strings.TrimSpace(s))
	if err != nil || j.Localpart() == "" {
		return "", &AddressError{Value: s}
	}
	return j.Bare().String(), nil
}

// Accounts returns the saved accounts, most recently used first.
func (s *Store) Accounts() ([]Account, error) {
	s.fileMu.Lock()
	defer s.fileMu.Unlock()
	return s.load()
}

// Account returns the saved account for jid and whether there is one.
func (s *Store) Account(jidStr string) (Account, bool, error) {
	bare, err := NormalizeJID(jidStr)
	if err != nil {
		return Account{}, false, err
	}
	s.fileMu.Lock()
	defer s.fileMu.Unlock()
	list, err := s.load()
	if err != nil {
		return Account{}, false, err
	}
	if i := index(list, bare); i >= 0 {
		return list[i], true, nil
	}
	return Account{}, false, nil
}

// SaveAccount adds a or replaces the saved account with the same bare JID.
// A zero LastUsed keeps the saved one, or is now for a new account.
func (s *Store) SaveAccount(a Account) error {
	bare, err := NormalizeJID(a.JID)
	if err != nil {
		return err
	}
	a.JID = bare
	if a.Server != "" {
		if err := checkHostPort(a.Server); err != nil {
			return err
		}
	}
	if a.CAFile != "" {
		// Absolute, so the account still works when Parley starts elsewhere.
		if abs, err := filepath.Abs(a.CAFile); err == nil {
			a.CAFile = abs
		}
	}
	s.fileMu.Lock()
	defer s.fileMu.Unlock()
	list, err := s.load()
	if err != nil {
		return err
	}
	if i := index(list, bare); i >= 0 {
		if a.LastUsed.IsZero() {
			a.LastUsed = list[i].LastUsed
		}
		list[i] = a
	} else {
		if a.LastUsed.IsZero() {
			a.LastUsed = now()
		}
		list = append(list, a)
	}
	return s.save(list)
}

// UpdateAccount changes the saved account of jid in one step (read,
// change, write under the file's lock), so that a setting saved during a
// session cannot undo another. An account not saved is an AccountError
// with ErrNoAccount.
func (s *Store) UpdateAccount(jidStr string, change func(*Account)) error {
	bare, err := NormalizeJID(jidStr)
	if err != nil {
		return err
	}
	s.fileMu.Lock()
	defer s.fileMu.Unlock()
	list, err := s.load()
	if err != nil {
		return err
	}
	i := index(list, bare)
	if i < 0 {
		return &AccountError{JID: bare, Err: ErrNoAccount}
	}
	change(&list[i])
	list[i].JID = bare
	return s.save(list)
}

// Touch marks the account as used now, moving it to the top of the list.
func (s *Store) Touch(jidStr string) error {
	return s.UpdateAccount(jidStr, func(a *Account) { a.LastUsed = now() })
}

// RemoveAccount deletes the saved account and forgets its password (memory
// and keyring). The password is forgotten even when no account is listed,
// which then returns a NotFound error.
func (s *Store) RemoveAccount(jidStr string) error {
	bare, err := NormalizeJID(jidStr)
	if err != nil {
		return err
	}
	s.fileMu.Lock()
	list, err := s.load()
	found := false
	if err == nil {
		if i := index(list, bare); i >= 0 {
			found = true
			err = s.save(slices.Delete(list, i, i+1))
		}
	}
	s.fileMu.Unlock()
	if err != nil {
		return err
	}
	if err := s.ForgetPassword(bare); err != nil {
		return err
	}
	if !found {
		return &AccountError{JID: bare, Err: ErrNoAccount}
	}
	return nil
}

// now is the stored form of the current time: no monotonic reading, so a
// value read back from the file compares equal.
func now() time.Time { return time.Now().Round(0) }

func index(list []Account, bare string) int {
	return slices.IndexFunc(list, func(a Account) bool { return a.JID == bare })
}

func checkHostPort(hp string) error {
	host, port, err := net.SplitHostPort(hp)
	if err == nil && host != "" {
		if n, perr := strconv.Atoi(port); perr == nil && n > 0 && n < 65536 {
			return nil
		}
	}
	return &AddressError{Server: true, Value: hp}
}

// load reads the account list, sorted most recent first; a missing file is
// an empty list. The caller holds fileMu.
func (s *Store) load() ([]Account, error) {
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &AccountListError{Op: ListRead, Path: s.path, Err: err}
	}
	var f accountsFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, &AccountListError{Op: ListDecode, Path: s.path, Err: err}
	}
	sortAccounts(f.Accounts)
	return f.Accounts, nil
}

// save writes the list sorted, atomically. The caller holds fileMu.
func (s *Store) save(list []Account) error {
	sortAccounts(list)
	if list == nil {
		list = []Account{}
	}
	data, err := json.MarshalIndent(accountsFile{Version: accountsVersion, Accounts: list}, "", "  ")
	if err != nil {
		return &AccountListError{Op: ListEncode, Path: s.path, Err: err}
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return &AccountListError{Op: ListMkdir, Path: s.dir, Err: err}
	}
	if err := writeFileAtomic(s.path, append(data, '\n'), 0o600); err != nil {
		return &AccountListError{Op: ListWrite, Path: s.path, Err: err}
	}
	return nil
}

// sortAccounts puts the most recently used first; ties keep their order.
func sortAccounts(list []Account) {
	slices.SortStableFunc(list, func(a, b Account) int { return b.LastUsed.Compare(a.LastUsed) })
}

// renameFile is os.Rename; tests swap it to simulate a failed replace.
var renameFile = os.Rename

// writeFileAtomic writes data to a temporary file in path's directory and
// renames it over path, so a reader or a crash sees the old file or the new
// one, never half of one.
func writeFileAtomic(path string, data []byte, mode fs.FileMode) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = renameFile(tmp.Name(), path); err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	// Persist the rename itself; best effort, not every OS can sync a dir.
	if d, derr := os.Open(filepath.Dir(path)); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
