package xmppclient_test

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// startTLSRE is the client's STARTTLS request: what the fake server
// recorded up to its end crossed the wire in clear, the rest was
// encrypted.
var startTLSRE = regexp.MustCompile(`<starttls[^>]*(/>|>\s*</starttls>)`)

// Nothing that names the user is sent before TLS: the first stream
// header carries no 'from', and neither the account's local part nor its
// address appears anywhere in the bytes before STARTTLS. After TLS the
// header names the account again (what SASL and bind rely on). Both of
// mellium's negotiation paths are covered: with and without the stanza
// log.
func TestNothingNamesTheUserBeforeTLS(t *testing.T) {
	for _, tc := range []struct {
		name string
		log  io.Writer
	}{{"plain", nil}, {"with stanza log", io.Discard}} {
		t.Run(tc.name, func(t *testing.T) {
			f := testenv.NewFakeServer(t, testenv.FakeOptions{})
			const local = "zelda-private"
			cfg := fakeConfig(f)
			cfg.JID = local + "@" + f.Domain
			cfg.AvatarCacheDir = t.TempDir()
			cfg.DebugXML = tc.log
			c := xmppclient.New(cfg)
			if err := c.Connect(testenv.Context(t, 20*time.Second)); err != nil {
				t.Fatalf("connect to the fake server: %v", err)
			}
			t.Cleanup(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				_ = c.Logout(ctx)
			})
			got := f.Received()
			loc := startTLSRE.FindIndex(got)
			if loc == nil {
				t.Fatalf("no STARTTLS in what the server received:\n%s", got)
			}
			clear, secured := got[:loc[1]], got[loc[1]:]
			if !bytes.Contains(clear, []byte("<stream:stream")) {
				t.Fatalf("no stream header before STARTTLS:\n%s", clear)
			}
			for _, leak := range []string{"from=", local} {
				if bytes.Contains(clear, []byte(leak)) {
					t.Errorf("%q crossed the wire before TLS:\n%s", leak, clear)
				}
			}
			// The record after TLS is real: the header there names the
			// account, which proves the origin came back for SASL.
			if !bytes.Contains(secured, []byte("from='"+cfg.JID+"'")) {
				t.Errorf("the header after TLS does not name the account:\n%.400s", secured)
			}
		})
	}
}

// On the real servers too the first header Parley writes has no 'from',
// and the log-in that follows (SASL takes the username from the origin
// put back after TLS) works.
func TestNoFromBeforeTLSOnServers(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		j, pw := testenv.Account(t, srv)
		cfg := config(srv, j, pw)
		cfg.AvatarCacheDir = t.TempDir()
		sent := &syncBuffer{}
		cfg.DebugXML = sent
		c := xmppclient.New(cfg)
		if err := c.Connect(testenv.Context(t, 30*time.Second)); err != nil {
			t.Fatalf("connect: %v", err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = c.Logout(ctx)
		})
		headers := regexp.MustCompile(`SEND <\?xml[^>]*\?><stream:stream[^>]*>`).FindAllString(sent.String(), -1)
		if len(headers) < 2 {
			t.Fatalf("want the headers before and after TLS in the log, got %q", headers)
		}
		if strings.Contains(headers[0], "from=") || strings.Contains(headers[0], strings.Split(j, "@")[0]) {
			t.Errorf("the header before TLS names the user: %s", headers[0])
		}
		if !strings.Contains(headers[1], "from='"+j+"'") {
			t.Errorf("the header after TLS does not name the account: %s", headers[1])
		}
	})
}
