package errtext_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

func TestCodeAndSentenceOfTypedErrors(t *testing.T) {
	_, badJID := keystore.NormalizeJID("not a jid")
	_, _, tooBig := profile.CheckImage(make([]byte, profile.MaxImageBytes+1))
	_, _, empty := profile.CheckImage(nil)
	invalid := profile.Update{Nickname: ""}.Validate()
	cases := []struct {
		name string
		err  error
		code int
		want string // a word the sentence must hold
	}{
		{"nil", nil, errtext.OK, "Success"},
		{"keystore bad address", badJID, errtext.BadRequest, "alice@example.org"},
		{"profile over the limit", tooBig, errtext.TooLarge, "the limit is 10 MiB"},
		{"profile empty image", empty, errtext.BadRequest, "empty"},
		{"profile bad field", invalid, errtext.BadRequest, "nickname"},
		{"wrapped twice", fmt.Errorf("save profile: %w", fmt.Errorf("load avatar: %w", tooBig)), errtext.TooLarge, "10 MiB"},
		{"deadline", fmt.Errorf("dial: %w", context.DeadlineExceeded), errtext.Unavailable, "did not answer in time"},
		{"plain", errors.New("disk on fire"), errtext.Internal, "disk on fire"},
		{"edge error", errtext.New(errtext.Conflict, "Taken."), errtext.Conflict, "Taken."},
	}
	for _, tc := range cases {
		if got := errtext.Code(tc.err); got != tc.code {
			t.Errorf("%s: code %d, want %d", tc.name, got, tc.code)
		}
		if got := errtext.Sentence(tc.err); !strings.Contains(got, tc.want) || got != errtext.Message(tc.err) {
			t.Errorf("%s: sentence %q, want it to hold %q", tc.name, got, tc.want)
		}
	}
}

func TestWrapKeepsTheCause(t *testing.T) {
	err := errtext.Wrap(errtext.NotFound, keystore.ErrNoPassword, "No password for %s.", "alice@example.org")
	if !errors.Is(err, keystore.ErrNoPassword) || errtext.Code(err) != errtext.NotFound || errtext.Message(err) != "No password for alice@example.org." {
		t.Fatalf("Wrap = %v (%d %q)", err, errtext.Code(err), errtext.Message(err))
	}
}

// A sentence that quotes a wrapped error's message, advice and all, gets
// the advice once.
func TestAdviceOnceWhenAWrapperQuotesIt(t *testing.T) {
	inner := &xmppclient.NotConnectedError{Status: xmppclient.StatusReconnecting}
	err := errtext.Wrap(errtext.Code(inner), inner, "The demo friends could not be set up: %s", errtext.Message(inner))
	advice := "Try again when the status shows CONNECTED."
	if got := errtext.Message(err); strings.Count(got, advice) != 1 {
		t.Fatalf("Message = %q, want the advice once", got)
	}
}
