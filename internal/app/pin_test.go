package app

import (
	"context"
	"strings"
	"testing"
)

const (
	pinA = "AA:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F"
	pinB = "BB:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F"
)

// The pin a log-in uses is the one trusted on the log-in screen, else
// --trust-fingerprint, else the account's; a successful log-in saves it in
// one form, and later log-ins of the account use it.
func TestLoginPinsTheCertificate(t *testing.T) {
	ctx := context.Background()
	a, d := newTestApp(t, Given{}, t.TempDir())
	typed := strings.ToLower(strings.ReplaceAll(pinA, ":", ""))
	if _, err := a.Login(ctx, LoginRequest{JID: "alice@example.org", Password: "pw", TrustFingerprint: typed}); err != nil {
		t.Fatal(err)
	}
	acc, found, err := a.opts.Store.Account("alice@example.org")
	if err != nil || !found || acc.TrustFingerprint != pinA {
		t.Fatalf("saved %+v (found %v, %v), want the pin %s", acc, found, err, pinA)
	}
	if _, err := a.Login(ctx, LoginRequest{JID: "alice@example.org", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	if got := d.configs[1].TrustFingerprint; got != pinA {
		t.Fatalf("later log-in pins %q, want the saved %s", got, pinA)
	}
	a.opts.Given.TrustFingerprint = pinB
	if _, err := a.Login(ctx, LoginRequest{JID: "alice@example.org", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	if got := d.configs[2].TrustFingerprint; got != pinB {
		t.Fatalf("--trust-fingerprint gave %q, want it to win over the saved pin", got)
	}
	if _, err := a.Login(ctx, LoginRequest{JID: "alice@example.org", Password: "pw", TrustFingerprint: pinA}); err != nil {
		t.Fatal(err)
	}
	if got := d.configs[3].TrustFingerprint; got != pinA {
		t.Fatalf("the log-in screen's pin gave %q, want it to win over the flag", got)
	}
}
