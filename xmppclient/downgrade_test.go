package xmppclient_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// fakeConfig is a client configuration for the fake server f.
func fakeConfig(f *testenv.FakeServer) xmppclient.Config {
	return xmppclient.Config{
		JID:            "user@" + f.Domain,
		Password:       "s3cret-Hunter2-" + strings.Repeat("x", 8),
		Server:         f.Addr,
		CAFile:         f.CAFile,
		Timeout:        5 * time.Second,
		AvatarCacheDir: "",
	}
}

// leaked reports what of the credentials appears in what a server
// received: the password itself, its SASL PLAIN encoding, or any <auth>.
func leaked(received []byte, cfg xmppclient.Config) []string {
	var found []string
	plain := base64.StdEncoding.EncodeToString([]byte("\x00user\x00" + cfg.Password))
	for _, s := range []string{cfg.Password, plain, "<auth"} {
		if bytes.Contains(received, []byte(s)) {
			found = append(found, s)
		}
	}
	return found
}

// The recording is proven to catch a login: against a fake server that
// does everything right, the client logs in and the server sees <auth>.
func TestFakeServerSeesTheLogin(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	cfg := fakeConfig(f)
	cfg.AvatarCacheDir = t.TempDir()
	c := xmppclient.New(cfg)
	ctx := testenv.Context(t, 20*time.Second)
	if err := c.Connect(ctx); err != nil {
		t.Fatalf("connect to the well-behaved fake: %v", err)
	}
	defer c.Logout(ctx)
	// PLAIN sends the password base64-encoded, so the PLAIN message and
	// <auth> are what must show.
	if got := leaked(f.Received(), cfg); len(got) != 2 {
		t.Fatalf("the fake server's record misses the login: found only %q", got)
	}
}

// A server that does not offer STARTTLS (and refuses it when asked) gets
// no password: the login fails with a permanent 503 that says why. Both
// negotiation paths are covered: mellium tries STARTTLS anyway on the
// first feature list (RFC 7590), except when the stanza log is on.
func TestRefusesServerWithoutSTARTTLS(t *testing.T) {
	for _, debug := range []bool{false, true} {
		t.Run(fmt.Sprintf("debug log %v", debug), func(t *testing.T) {
			f := testenv.NewFakeServer(t, testenv.FakeOptions{NoStartTLS: true})
			cfg := fakeConfig(f)
			if debug {
				cfg.DebugXML = io.Discard
			}
			c := xmppclient.New(cfg)
			events, _ := c.Subscribe()
			err := c.Connect(testenv.Context(t, 20*time.Second))
			if err == nil {
				t.Fatal("logged in to a server that offers no STARTTLS")
			}
			if errtext.Code(err) != errtext.Unavailable || !strings.Contains(errtext.Message(err), "TLS") {
				t.Errorf("code %d, message %q; want 503 saying there is no TLS", errtext.Code(err), errtext.Message(err))
			}
			if got := leaked(f.Received(), cfg); len(got) > 0 {
				t.Fatalf("the client sent %q to a server without TLS", got)
			}
			// Permanent: Logout closes the stream with no retry started.
			_ = c.Logout(context.Background())
			for ev := range events {
				if ce, ok := ev.(xmppclient.ConnectionEvent); ok && ce.Status == xmppclient.StatusReconnecting {
					t.Fatal("a retry started against a server without TLS")
				}
			}
		})
	}
}

func TestRefusesCertificateForAnotherName(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{CertName: "evil.example.net"})
	cfg := fakeConfig(f)
	err := xmppclient.New(cfg).Connect(testenv.Context(t, 20*time.Second))
	if err == nil {
		t.Fatal("logged in with a certificate for another name")
	}
	if errtext.Code(err) != errtext.Unavailable || !strings.Contains(errtext.Message(err), "another name") {
		t.Errorf("code %d, message %q; want 503 naming the certificate's name", errtext.Code(err), errtext.Message(err))
	}
	if got := leaked(f.Received(), cfg); len(got) > 0 {
		t.Fatalf("the client sent %q to a server with a certificate for another name", got)
	}
	if !bytes.Contains(f.Received(), []byte("starttls")) {
		t.Fatalf("the client never asked for STARTTLS; the test proves nothing")
	}
}
