package keystore

import (
	"context"
	"testing"
)

func TestSavedKeyringAndPasswordCommand(t *testing.T) {
	s, fb := openFake(t)
	ctx := context.Background()
	if s.Saved(ctx, "alice@example.org") {
		t.Fatal("Saved before any password was stored")
	}
	if _, err := s.SavePassword("alice@example.org", "s3cret"); err != nil {
		t.Fatal(err)
	}
	if !s.Saved(ctx, "Alice@Example.org/phone") {
		t.Fatal("a password in the keyring is not Saved")
	}
	if err := s.SaveAccount(Account{JID: "bob@example.org", PasswordCommand: "false"}); err != nil {
		t.Fatal(err)
	}
	before := fb.count()
	if !s.Saved(ctx, "bob@example.org") {
		t.Fatal("an account with a password command is not Saved")
	}
	if fb.count() != before {
		t.Fatal("Saved read the keyring for an account with a password command")
	}
	if s.Saved(ctx, "not a jid") {
		t.Fatal("an invalid address is Saved")
	}
}

func TestSavedIgnoresMemoryWithoutKeyring(t *testing.T) {
	s, fb := openFake(t)
	s.checkNow = func() (bool, string) { return false, "no D-Bus session bus" }
	if _, err := s.SavePassword("alice@example.org", "s3cret"); err != nil {
		t.Fatal(err)
	}
	if s.Saved(context.Background(), "alice@example.org") {
		t.Fatal("a password only in this process's memory counts as Saved")
	}
	if fb.count() != 0 {
		t.Fatal("Saved called the backend with no keyring reachable")
	}
}
