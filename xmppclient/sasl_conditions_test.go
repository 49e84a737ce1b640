package xmppclient_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// Each SASL failure condition a server may send at log-in has its own
// code and sentence (RFC 6120 §6.5): only temporary-auth-failure is worth
// retrying.
func TestSASLConditionsAtConnect(t *testing.T) {
	for _, c := range []struct {
		condition string
		code      int
		says      string
	}{
		{"not-authorized", errtext.Unauthorized, "wrong password"},
		{"temporary-auth-failure", errtext.Unavailable, "retry"},
		{"account-disabled", errtext.Unauthorized, "account is disabled"},
		{"credentials-expired", errtext.Unauthorized, "password has expired"},
	} {
		t.Run(c.condition, func(t *testing.T) {
			f := testenv.NewFakeServer(t, testenv.FakeOptions{})
			f.FailLogins(c.condition)
			err := xmppclient.New(fakeConfig(f)).Connect(testenv.Context(t, 20*time.Second))
			if errtext.Code(err) != c.code || !strings.Contains(errtext.Message(err), c.says) {
				t.Fatalf("code %d, message %q; want %d saying %q", errtext.Code(err), errtext.Message(err), c.code, c.says)
			}
		})
	}
}

// A failure while reconnecting: a permanent one (the password was
// changed, or the account disabled, while the client was away) ends in
// CONNECTIONFAILED with no retry after it; a temporary-auth-failure is
// retried until the server takes the login again.
func TestSASLFailureWhileReconnecting(t *testing.T) {
	for _, c := range []struct {
		condition string
		code      int
	}{
		{"not-authorized", errtext.Unauthorized},
		{"account-disabled", errtext.Unauthorized},
		{"credentials-expired", errtext.Unauthorized},
	} {
		t.Run(c.condition+" is permanent", func(t *testing.T) {
			f := testenv.NewFakeServer(t, testenv.FakeOptions{})
			cl, events, s := fakeOnline(t, f)
			f.FailLogins(c.condition)
			s.Close()
			waitFor(t, events, 10*time.Second, "RECONNECTING", isStatus(xmppclient.StatusReconnecting))
			ev := waitFor(t, events, 20*time.Second, "CONNECTIONFAILED", func(ev xmppclient.Event) bool {
				if isStatus(xmppclient.StatusConnected)(ev) {
					t.Fatal("CONNECTED with a login the server refused")
				}
				return isStatus(xmppclient.StatusConnectionFailed)(ev)
			})
			if code := errtext.Code(ev.(xmppclient.ConnectionEvent).Err); code != c.code {
				t.Errorf("CONNECTIONFAILED with code %d, want %d", code, c.code)
			}
			// No retry: Logout waits for the reconnect loop to end before it
			// closes the event stream, so a retry's RECONNECTING would be
			// in what is left.
			if err := cl.Logout(context.Background()); err != nil {
				t.Fatal(err)
			}
			for ev := range events {
				if isStatus(xmppclient.StatusReconnecting)(ev) || isStatus(xmppclient.StatusConnecting)(ev) {
					t.Fatalf("a retry after a permanent %s: %+v", c.condition, ev)
				}
			}
		})
	}
	t.Run("temporary-auth-failure is retried", func(t *testing.T) {
		f := testenv.NewFakeServer(t, testenv.FakeOptions{})
		_, events, s := fakeOnline(t, f)
		f.FailLogins("temporary-auth-failure")
		s.Close()
		waitFor(t, events, 10*time.Second, "RECONNECTING", isStatus(xmppclient.StatusReconnecting))
		// The refused attempt is followed by another RECONNECTING that
		// names the condition, then by a log-in that works.
		waitFor(t, events, 20*time.Second, "a second RECONNECTING after the refusal", func(ev xmppclient.Event) bool {
			if isStatus(xmppclient.StatusConnectionFailed)(ev) {
				t.Fatal("a temporary-auth-failure was taken as permanent")
			}
			ce, ok := ev.(xmppclient.ConnectionEvent)
			return ok && ce.Status == xmppclient.StatusReconnecting && strings.Contains(ce.Reason, "temporary-auth-failure")
		})
		waitFor(t, events, 20*time.Second, "CONNECTED again", isStatus(xmppclient.StatusConnected))
		stillUsable(t, f.NextSession(t, 5*time.Second), events)
	})
}
