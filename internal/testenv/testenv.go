package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/sandbox"
)

// Bounds used by the helpers.
const (
	// StartTimeout bounds starting one Prosody.
	StartTimeout = 60 * time.Second
	// DefaultTimeout bounds a Context made without an explicit bound.
	DefaultTimeout = 2 * time.Minute
	// logLinesOnFailure are shown from the Prosody log of a failed test.
	logLinesOnFailure = 40
)

// InCI reports whether the environment variable CI is true.
func InCI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

// Missing skips the test, or fails it when InCI, because what is named
// cannot be found.
func Missing(t testing.TB, what string, err error) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s is required in CI: %v", what, err)
		return
	}
	t.Skipf("%s is not available: %v", what, err)
}

// RequireBinary returns the path of the named program on PATH, skipping or
// failing the test (see Missing) when there is none.
func RequireBinary(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name, err)
	}
	return p
}

// RequireProsody skips or fails the test (see Missing) unless Prosody is
// installed.
func RequireProsody(t testing.TB) {
	t.Helper()
	if _, err := sandbox.Find(); err != nil {
		Missing(t, "prosody", err)
	}
}

// Context returns a context that ends after d (DefaultTimeout when d is 0)
// or when the test finishes.
func Context(t testing.TB, d time.Duration) context.Context {
	t.Helper()
	if d <= 0 {
		d = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	p, err := sandbox.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// ClosedRegistration is an option for Prosody: in-band registration off.
func ClosedRegistration(o *sandbox.Options) { o.ClosedRegistration = true }

// Debug is an option for Prosody: log at debug level (stanzas included).
func Debug(o *sandbox.Options) { o.Debug = true }

// Port returns an option for Prosody that fixes its port.
func Port(p int) func(*sandbox.Options) {
	return func(o *sandbox.Options) { o.Port = p }
}

// Prosody starts a throwaway Prosody in a temporary directory on a free
// port (domain "localhost" unless an option says otherwise) and stops it
// when the test ends; a failed test shows the end of its log.
func Prosody(t testing.TB, opts ...func(*sandbox.Options)) *sandbox.Server {
	t.Helper()
	RequireProsody(t)
	o := sandbox.Options{Dir: t.TempDir()}
	for _, f := range opts {
		f(&o)
	}
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	srv, err := sandbox.Start(ctx, o)
	if err != nil {
		t.Fatalf("start prosody: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			for _, l := range srv.LogTail(logLinesOnFailure) {
				t.Logf("prosody: %s", l)
			}
		}
		if err := srv.Stop(); err != nil {
			t.Errorf("stop prosody: %v", err)
		}
	})
	return srv
}

// UserRegistrar is a test server that makes accounts out of band:
// *sandbox.Server (Prosody) and *ejabberd.Server.
type UserRegistrar interface {
	RegisterUser(ctx context.Context, user, password string) error
	JID(user string) string
}

// Account registers a fresh random user on srv and returns its bare JID and
// password.
func Account(t testing.TB, srv UserRegistrar) (jid, password string) {
	t.Helper()
	user := "u" + randomHex(t, 6)
	password = randomHex(t, 12)
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	if err := srv.RegisterUser(ctx, user, password); err != nil {
		t.Fatalf("register %s: %v", srv.JID(user), err)
	}
	return srv.JID(user), password
}

func randomHex(t testing.TB, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// Eventually polls cond every 20 ms until it holds, failing the test after
// limit with what.
func Eventually(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
