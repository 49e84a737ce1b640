package keystore

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSavePasswordKeyring(t *testing.T) {
	s, fb := openFake(t)
	st, err := s.SavePassword("Alice@Example.org/phone", "s3cret")
	if err != nil || st != StorageKeyring {
		t.Fatalf("SavePassword = %v, %v; want keyring, nil", st, err)
	}
	if got, ok := fb.secret("alice@example.org"); !ok || got != "s3cret" {
		t.Errorf("keyring holds %q, %v under the bare JID; want s3cret", got, ok)
	}
	if _, ok := s.mem.get("alice@example.org"); ok {
		t.Error("password also kept in memory; the keyring should be the one copy")
	}
	pw, st, err := s.Password(context.Background(), "alice@example.org")
	if err != nil || pw != "s3cret" || st != StorageKeyring {
		t.Errorf("Password = %q, %v, %v; want s3cret from the keyring", pw, st, err)
	}
	if ok, what := s.Keyring(); !ok || !strings.Contains(s.Describe(), what) {
		t.Errorf("Keyring() = %v, %q; Describe() = %q", ok, what, s.Describe())
	}
	if _, err := s.SavePassword("alice@example.org", ""); !errors.Is(err, ErrEmptyPassword) {
		t.Errorf("SavePassword(empty) = %v, want BadRequest", err)
	}
}

func TestRemoveAccountForgetsSecret(t *testing.T) {
	s, fb := openFake(t)
	if err := s.SaveAccount(Account{JID: "alice@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePassword("alice@example.org", "s3cret"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveAccount("alice@example.org"); err != nil {
		t.Fatal(err)
	}
	if _, ok := fb.secret("alice@example.org"); ok {
		t.Error("RemoveAccount left the secret in the keyring")
	}
	if _, _, err := s.Password(context.Background(), "alice@example.org"); !errors.Is(err, ErrNoPassword) {
		t.Errorf("Password after RemoveAccount = %v, want ErrNoPassword", err)
	}
	if list, _ := s.Accounts(); len(list) != 0 {
		t.Errorf("accounts after RemoveAccount = %+v", list)
	}
	if err := s.RemoveAccount("alice@example.org"); !errors.Is(err, ErrNoAccount) {
		t.Errorf("second RemoveAccount = %v, want NotFound", err)
	}
}

func TestMemoryWhenNoKeyring(t *testing.T) {
	s, fb := openFake(t)
	s.checkNow = func() (bool, string) { return false, "no D-Bus session bus" }
	st, err := s.SavePassword("alice@example.org", "s3cret")
	if err != nil || st != StorageMemory {
		t.Fatalf("SavePassword = %v, %v; want memory, nil", st, err)
	}
	pw, st, err := s.Password(context.Background(), "alice@example.org")
	if err != nil || pw != "s3cret" || st != StorageMemory {
		t.Errorf("Password = %q, %v, %v; want s3cret from memory", pw, st, err)
	}
	_, _, err = s.Password(context.Background(), "bob@example.org")
	if !errors.Is(err, ErrNoPassword) || !errors.Is(err, ErrNoKeyring) || !errors.As(err, new(*AccountError)) {
		t.Errorf("Password(unknown) = %v, want NotFound wrapping ErrNoPassword and ErrNoKeyring", err)
	}
	if err := s.ForgetPassword("alice@example.org"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Password(context.Background(), "alice@example.org"); !errors.Is(err, ErrNoPassword) {
		t.Errorf("Password after ForgetPassword = %v, want ErrNoPassword", err)
	}
	if n := fb.count(); n != 0 {
		t.Errorf("the backend was called %d times with no keyring reachable", n)
	}
	d := s.Describe()
	for _, want := range []string{"No keyring is reachable", "no D-Bus session bus", "memory", "never written to disk"} {
		if !strings.Contains(d, want) {
			t.Errorf("Describe() = %q, want it to mention %q", d, want)
		}
	}
}

func TestKeyringTimeout(t *testing.T) {
	bb := blockingBackend{release: make(chan struct{})}
	t.Cleanup(func() { close(bb.release) })
	s, err := OpenWith(Options{ConfigDir: t.TempDir(), Backend: bb, Timeout: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.SavePassword("alice@example.org", "s3cret")
	if !errors.Is(err, ErrKeyringTimeout) || !errors.As(err, new(*KeyringError)) {
		t.Fatalf("SavePassword on a hanging keyring = %v, want Unavailable wrapping ErrKeyringTimeout", err)
	}
	if st != StorageMemory || !strings.Contains(err.Error(), "memory") {
		t.Errorf("SavePassword = %v, %q; want memory storage and a message saying so", st, err)
	}
	// The session still has the password.
	if pw, st, err := s.Password(context.Background(), "alice@example.org"); err != nil || pw != "s3cret" || st != StorageMemory {
		t.Errorf("Password = %q, %v, %v; want s3cret from memory", pw, st, err)
	}
	// The keyring is still stuck: the next read gives up too, and says
	// both that no password is known and why.
	_, _, err = s.Password(context.Background(), "bob@example.org")
	if !errors.Is(err, ErrKeyringTimeout) || !errors.Is(err, ErrNoPassword) {
		t.Errorf("Password(bob) on a hanging keyring = %v, want ErrKeyringTimeout and ErrNoPassword", err)
	}
	if err := s.ForgetPassword("bob@example.org"); !errors.Is(err, ErrKeyringTimeout) {
		t.Errorf("ForgetPassword on a hanging keyring = %v, want ErrKeyringTimeout", err)
	}
}

func TestGuardRespectsContext(t *testing.T) {
	bb := blockingBackend{release: make(chan struct{})}
	t.Cleanup(func() { close(bb.release) })
	s, err := OpenWith(Options{ConfigDir: t.TempDir(), Backend: bb, Timeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err = s.Password(ctx, "alice@example.org")
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrKeyringTimeout) {
		t.Errorf("Password with a cancelled context = %v, want context.Canceled", err)
	}
}

func TestPasswordOrder(t *testing.T) {
	requireSh(t)
	s, fb := openFake(t)
	ctx := context.Background()
	const jid = "alice@example.org"
	if err := s.SaveAccount(Account{JID: jid, PasswordCommand: "echo from-command"}); err != nil {
		t.Fatal(err)
	}
	check := func(wantPW string, wantSt Storage) {
		t.Helper()
		pw, st, err := s.Password(ctx, jid)
		if err != nil || pw != wantPW || st != wantSt {
			t.Errorf("Password = %q, %v, %v; want %q from %v", pw, st, err, wantPW, wantSt)
		}
	}
	check("from-command", StoragePasswordCommand)

	if err := fb.Set(Service, jid, "from-keyring"); err != nil {
		t.Fatal(err)
	}
	check("from-keyring", StorageKeyring)

	s.mem.set(jid, "from-memory")
	check("from-memory", StorageMemory)

	s.mem.forget(jid)
	if err := s.ForgetPassword(jid); err != nil {
		t.Fatal(err)
	}
	check("from-command", StoragePasswordCommand)

	if err := s.SaveAccount(Account{JID: jid}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Password(ctx, jid); !errors.Is(err, ErrNoPassword) || errors.Is(err, ErrNoKeyring) {
		t.Errorf("Password with nothing stored = %v, want ErrNoPassword (and a keyring)", err)
	}
}

func TestKeyringFailureFallsBackToCommand(t *testing.T) {
	requireSh(t)
	bb := blockingBackend{release: make(chan struct{})}
	t.Cleanup(func() { close(bb.release) })
	s, err := OpenWith(Options{ConfigDir: t.TempDir(), Backend: bb, Timeout: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAccount(Account{JID: "alice@example.org", PasswordCommand: "echo from-command"}); err != nil {
		t.Fatal(err)
	}
	pw, st, err := s.Password(context.Background(), "alice@example.org")
	if err != nil || pw != "from-command" || st != StoragePasswordCommand {
		t.Errorf("Password = %q, %v, %v; want the command's password when the keyring hangs", pw, st, err)
	}
}
