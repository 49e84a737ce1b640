package keystore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/parley-im/parley/internal/xdg"
)

// Storage names where a password is kept.
type Storage string

const (
	StorageKeyring         Storage = "keyring"          // the OS keyring
	StorageMemory          Storage = "memory"           // this process only
	StoragePasswordCommand Storage = "password-command" // read from the account's command
)

// Options configure OpenWith; zero values pick the defaults.
type Options struct {
	// ConfigDir holds accounts.json. Default: $XDG_CONFIG_HOME/parley,
	// else ~/.config/parley.
	ConfigDir string
	// Backend replaces the OS keyring (tests, embedding); it is treated as
	// reachable. Default: go-keyring, used only when reachable.
	Backend Backend
	// BackendName is what Describe calls Backend ("Passwords are kept in
	// the NAME."). Default: "configured keyring".
	BackendName string
	// Timeout bounds each keyring call. Default DefaultTimeout.
	Timeout time.Duration
	// CommandTimeout bounds a password command. Default
	// DefaultCommandTimeout.
	CommandTimeout time.Duration
}

// Store is the account list and password storage. It is safe for
// concurrent use within one process; two processes saving accounts at the
// same moment can lose one of the updates (never corrupt the file).
type Store struct {
	dir, path  string
	cmdTimeout time.Duration
	fileMu     sync.Mutex // serializes read-modify-write of accounts.json
	mem        memory
	guard      *guard

	backend Backend // nil: go-keyring has nothing on this platform
	name    string  // what Describe calls the keyring
	busAddr string  // session bus found at Open ("" for none or not needed)
	probe   bool    // the Secret Service still has to be looked for

	once     sync.Once // the availability check runs once per Store
	ok       bool
	why      string
	checkNow func() (bool, string) // s.check; tests replace it
}

// Open opens the store in the XDG config directory with the OS keyring.
// It touches neither the disk nor the keyring until a method needs them.
func Open() (*Store, error) { return OpenWith(Options{}) }

// OpenWith opens a store with opts; see Options for the defaults.
func OpenWith(opts Options) (*Store, error) {
	dir := opts.ConfigDir
	if dir == "" {
		d, err := configDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	s := &Store{
		dir:        dir,
		path:       filepath.Join(dir, "accounts.json"),
		cmdTimeout: opts.CommandTimeout,
		guard:      newGuard(opts.Timeout),
	}
	if s.cmdTimeout <= 0 {
		s.cmdTimeout = DefaultCommandTimeout
	}
	if s.guard.timeout <= 0 {
		s.guard.timeout = DefaultTimeout
	}
	s.checkNow = s.check
	if opts.Backend != nil {
		s.backend, s.name = opts.Backend, opts.BackendName
		if s.name == "" {
			s.name = "configured keyring"
		}
		return s, nil
	}
	name, needsBus := platform()
	if name == "" {
		s.why = fmt.Sprintf("go-keyring has no keyring on %s", runtime.GOOS)
		return s, nil
	}
	s.backend, s.name = osKeyring{needsBus: needsBus}, name
	if needsBus {
		// Read the environment now: after this, the bus is either known or
		// never looked for again, so no later call can reach dbus-launch.
		s.busAddr, s.why = sessionBusAddress()
		if s.busAddr == "" {
			s.backend = nil
		}
		s.probe = s.busAddr != ""
	}
	return s, nil
}

// configDir is $XDG_CONFIG_HOME/parley, else ~/.config/parley. A relative
// XDG_CONFIG_HOME is ignored, as the XDG spec asks.
func configDir() (string, error) {
	d, err := xdg.Config()
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNoConfigDir, err)
	}
	return d, nil
}

// Path is the account list file.
func (s *Store) Path() string { return s.path }

// Keyring reports whether a keyring is reachable, and which one or why not.
// The first call may look for the Secret Service on the session bus, bounded
// by the keyring timeout.
func (s *Store) Keyring() (ok bool, reason string) {
	s.once.Do(func() { s.ok, s.why = s.checkNow() })
	if s.ok {
		return true, s.name
	}
	return false, s.why
}

func (s *Store) check() (bool, string) {
	if s.backend == nil {
		return false, s.why
	}
	if !s.probe {
		return true, ""
	}
	ok, why := probeSecretService(s.busAddr, s.guard.timeout)
	if ok && !busAddressSet() {
		// Found through $XDG_RUNTIME_DIR/bus: godbus only reads the
		// environment and /run/user/<uid>/bus, so hand it the address
		// rather than let it fall back to dbus-launch.
		if err := os.Setenv("DBUS_SESSION_BUS_ADDRESS", s.busAddr); err != nil {
			return false, fmt.Sprintf("cannot pass the session bus address on: %v", err)
		}
	}
	return ok, why
}

// Describe is one sentence naming where passwords are kept.
func (s *Store) Describe() string {
	ok, what := s.Keyring()
	if ok {
		return fmt.Sprintf("Passwords are kept in the %s.", what)
	}
	return fmt.Sprintf("No keyring is reachable (%s); the password is kept in memory for this session only and is never written to disk.", what)
}

// SavePassword stores pw for jid. With a reachable keyring it goes there
// (StorageKeyring). With none it is kept in memory for this process and the
// result is (StorageMemory, nil): that is the normal headless case, and
// Keyring/Describe say why. If the keyring fails or times out the password
// is also kept in memory, and the error (wrapping ErrKeyringTimeout or the
// keyring's error) says it was not saved. It is never written to disk.
func (s *Store) SavePassword(jidStr, pw string) (Storage, error) {
	bare, err := NormalizeJID(jidStr)
	if err != nil {
		return "", err
	}
	if pw == "" {
		return "", &AccountError{JID: bare, Err: ErrEmptyPassword}
	}
	if ok, _ := s.Keyring(); !ok {
		s.mem.set(bare, pw)
		return StorageMemory, nil
	}
	err = s.guard.do(context.Background(), func() error { return s.backend.Set(Service, bare, pw) })
	if err != nil {
		s.mem.set(bare, pw)
		return StorageMemory, s.keyringError(KeyringSave, bare, err)
	}
	// The keyring is now the one copy; a stale memory copy would shadow it.
	s.mem.forget(bare)
	return StorageKeyring, nil
}

// Password finds the password for jid: memory, then the keyring (if
// reachable), then the account's password command. With none it returns an
// error wrapping ErrNoPassword (and the keyring's error, such as
// ErrKeyringTimeout, when the keyring failed).
func (s *Store) Password(ctx context.Context, jidStr string) (string, Storage, error) {
	bare, err := NormalizeJID(jidStr)
	if err != nil {
		return "", "", err
	}
	if pw, ok := s.mem.get(bare); ok {
		return pw, StorageMemory, nil
	}
	var kerr error
	if ok, _ := s.Keyring(); ok {
		var pw string
		kerr = s.guard.do(ctx, func() error {
			var err error
			pw, err = s.backend.Get(Service, bare)
			return err
		})
		switch {
		case kerr == nil:
			return pw, StorageKeyring, nil
		case errors.Is(kerr, keyring.ErrNotFound):
			kerr = nil
		case ctx.Err() != nil:
			return "", "", &AccountError{JID: bare, Err: fmt.Errorf("%w: %w", ErrCancelled, kerr)}
		}
	}
	a, found, err := s.Account(bare)
	if err != nil {
		return "", "", err
	}
	if found && a.PasswordCommand != "" {
		pw, err := runPasswordCommand(ctx, bare, a.PasswordCommand, s.cmdTimeout)
		if err != nil {
			return "", "", err
		}
		return pw, StoragePasswordCommand, nil
	}
	if kerr != nil {
		return "", "", s.keyringError(KeyringRead, bare, kerr)
	}
	cause := ErrNoPassword
	if ok, _ := s.Keyring(); !ok {
		// Lets a caller add that a typed password will not be remembered.
		cause = fmt.Errorf("%w: %w", ErrNoPassword, ErrNoKeyring)
	}
	return "", "", &AccountError{JID: bare, Err: cause}
}

// ForgetPassword removes jid's password from memory and from the keyring.
// A password that was not stored is not an error.
func (s *Store) ForgetPassword(jidStr string) error {
	bare, err := NormalizeJID(jidStr)
	if err != nil {
		return err
	}
	s.mem.forget(bare)
	if ok, _ := s.Keyring(); !ok {
		return nil
	}
	err = s.guard.do(context.Background(), func() error { return s.backend.Delete(Service, bare) })
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return s.keyringError(KeyringRemove, bare, err)
	}
	return nil
}

// keyringError is the error of the failed keyring call kerr.
func (s *Store) keyringError(op KeyringOp, bare string, kerr error) error {
	return &KeyringError{Op: op, JID: bare, Keyring: s.name, Timeout: s.guard.timeout, Err: kerr}
}
