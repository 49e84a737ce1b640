package app

import (
	"context"
	"errors"
	"testing"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/profile"
)

// A visibility given to EditProfile reaches the session and is kept with
// a saved account, whose next log-in configures the client by it; an
// account not saved is not made one by it.
func TestVisibilityReachesTheSessionAndTheSavedAccount(t *testing.T) {
	a, d := newTestApp(t, Given{}, t.TempDir())
	if err := a.opts.Store.SaveAccount(keystore.Account{JID: "alice@example.org"}); err != nil {
		t.Fatal(err)
	}
	s := &fakeSession{jid: "alice@example.org", current: profile.Profile{Nickname: "Alice"}}
	if _, err := a.EditProfile(context.Background(), s, map[string]string{FieldVisibility: "mixed"}); err != nil {
		t.Fatal(err)
	}
	if len(s.updates) != 1 || s.updates[0].Visibility != profile.VisibilityMixed || s.updates[0].Nickname != "Alice" {
		t.Fatalf("updates %+v, want one with visibility mixed and the nickname kept", s.updates)
	}
	acc, _, err := a.opts.Store.Account("alice@example.org")
	if err != nil || acc.ProfileVisibility != "mixed" {
		t.Fatalf("saved account visibility %q (%v), want mixed", acc.ProfileVisibility, err)
	}
	if _, err := a.Login(context.Background(), LoginRequest{JID: "alice@example.org", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	if got := d.configs[len(d.configs)-1].Visibility; got != profile.VisibilityMixed {
		t.Fatalf("the next log-in configures visibility %q, want mixed", got)
	}
	// Saved again by the log-in, the setting stays.
	if acc, _, _ := a.opts.Store.Account("alice@example.org"); acc.ProfileVisibility != "mixed" {
		t.Fatalf("after the log-in the account keeps %q", acc.ProfileVisibility)
	}

	// A save without a visibility leaves the setting alone.
	if _, err := a.EditProfile(context.Background(), s, map[string]string{profile.FieldStatus: "x"}); err != nil {
		t.Fatal(err)
	}
	if s.updates[1].Visibility != "" {
		t.Fatalf("a save without visibility sent %q", s.updates[1].Visibility)
	}

	other := &fakeSession{jid: "trial@example.org"}
	if _, err := a.SaveProfile(context.Background(), other, profile.Update{Nickname: "T", Visibility: profile.VisibilityPublic}); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := a.opts.Store.Account("trial@example.org"); found {
		t.Fatal("a visibility saved an account that was not saved")
	}
}

func TestSaveProfileRefusesABadVisibility(t *testing.T) {
	a, _ := newTestApp(t, Given{}, t.TempDir())
	s := &fakeSession{jid: "alice@example.org"}
	_, err := a.SaveProfile(context.Background(), s, profile.Update{Nickname: "A", Visibility: "everyone"})
	var se *SaveError
	if err == nil || len(s.updates) != 0 {
		t.Fatalf("bad visibility: %v, %d updates", err, len(s.updates))
	}
	if !errors.As(err, &se) || se.Step != StepCheck || errtext.Code(err) != errtext.BadRequest {
		t.Fatalf("bad visibility failed at %v, want the check", err)
	}
}
