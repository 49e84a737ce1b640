package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
)

func TestTrialAccountSaysThrowawayAndKKeepsIt(t *testing.T) {
	kept := 0
	trial := &Trial{Keep: func(context.Context) (string, error) {
		kept++
		return "Kept guest1@localhost: the account is saved and its password is in the system keyring.", nil
	}}
	b := &fakeBackend{stored: true, password: "pw"}
	m := NewModel(context.Background(), Options{Backend: b, Width: 60, Height: 20, Account: "guest1@localhost", Trial: trial})
	m.now = func() time.Time { return testNow }
	drain(t, m, m.Init())
	if m.screen != screenContacts {
		t.Fatalf("not on the contact list:\n%s", screenText(m))
	}
	if !strings.Contains(words(m), "Throwaway trial account: it is forgotten when you quit. k keeps it") {
		t.Fatalf("the trial account is not said to be throwaway:\n%s", screenText(m))
	}
	hintsShow(t, m, []string{hint(m.keys.Keep, "keep account")}, nil)
	press(t, m, "k")
	if kept != 1 {
		t.Fatalf("k called Keep %d times", kept)
	}
	if !strings.Contains(words(m), "✓ Kept guest1@localhost: the account is saved") || strings.Contains(words(m), "Throwaway") {
		t.Fatalf("the kept account is not shown as kept:\n%s", screenText(m))
	}
	hintsShow(t, m, nil, []string{hint(m.keys.Keep, "keep account")})
	press(t, m, "k") // now it is Up again
	if kept != 1 {
		t.Fatal("k kept the account twice")
	}
}

func TestTrialKeepFailureKeepsItThrowaway(t *testing.T) {
	trial := &Trial{Keep: func(context.Context) (string, error) {
		return "", errtext.New(errtext.Internal, "Cannot write the account list: disk full.")
	}}
	m := NewModel(context.Background(), Options{Backend: &fakeBackend{}, Width: 80, Height: 24, Account: "guest1@localhost", Trial: trial})
	drain(t, m, m.Init())
	press(t, m, "k")
	mustShow(t, m, "Cannot write the account list: disk full.", "Throwaway trial account")
}

// Without a trial (any other log-in), k is only Up and nothing says
// throwaway.
func TestNoTrialNoKeep(t *testing.T) {
	m, _, _ := loggedIn(t, 80, 24, sampleContacts()...)
	mustNotShow(t, m, "Throwaway")
	hintsShow(t, m, nil, []string{hint(m.keys.Keep, "keep account")})
}
