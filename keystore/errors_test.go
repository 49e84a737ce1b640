package keystore

import (
	"errors"
	"testing"
	"time"
)

func TestExportedErrorsAreFoundWithIs(t *testing.T) {
	s, _ := openFake(t)
	if err := s.Touch("nobody@example.org"); !errors.Is(err, ErrNoAccount) {
		t.Errorf("Touch(unknown) = %v, want ErrNoAccount", err)
	}
	if err := s.RemoveAccount("nobody@example.org"); !errors.Is(err, ErrNoAccount) {
		t.Errorf("RemoveAccount(unknown) = %v, want ErrNoAccount", err)
	}
	if _, err := NormalizeJID("not a jid"); !errors.Is(err, ErrInvalidAddress) {
		t.Errorf("NormalizeJID(bad) = %v, want ErrInvalidAddress", err)
	}
	if err := s.SaveAccount(Account{JID: "a@example.org", Server: "no-port"}); !errors.Is(err, ErrInvalidAddress) {
		t.Errorf("SaveAccount(bad server) = %v, want ErrInvalidAddress", err)
	}

	bb := blockingBackend{release: make(chan struct{})}
	t.Cleanup(func() { close(bb.release) })
	hung, err := OpenWith(Options{ConfigDir: t.TempDir(), Backend: bb, Timeout: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := hung.SavePassword("alice@example.org", "s3cret"); !errors.Is(err, ErrNotSaved) || !errors.Is(err, ErrKeyringTimeout) || st != StorageMemory {
		t.Errorf("SavePassword on a hanging keyring = %v, %v; want memory, ErrNotSaved and ErrKeyringTimeout", st, err)
	}
}
