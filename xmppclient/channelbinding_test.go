package xmppclient

import (
	"context"
	"crypto/tls"
	"testing"
	"time"

	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"
)

// Parley picks SCRAM bound to the TLS channel when the server offers it
// and the binding mellium sends can work, and the binding it sends (the
// c= attribute of the client-final message) is that of this very TLS
// connection: tls-exporter on TLS 1.3, tls-unique on TLS 1.2. Where the
// binding cannot work (TLS 1.3 and no XEP-0440 list naming tls-exporter,
// as with ejabberd 23.01) it falls back to plain SCRAM with the "n"
// header rather than fail the login. The fake checks the client's proof
// and the client checks the fake's signature: each login is a real one.
func TestChannelBindingChoiceAndData(t *testing.T) {
	all := []string{"PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"}
	for _, tc := range []struct {
		name    string
		opts    scramFakeOptions
		wantMec string
		wantGS2 string
	}{
		{"TLS 1.3 with tls-exporter listed", scramFakeOptions{maxTLS: tls.VersionTLS13, mechanisms: all, cbTypes: []string{"tls-unique", "tls-exporter"}}, "SCRAM-SHA-256-PLUS", "p=tls-exporter,,"},
		{"TLS 1.3, SHA-1 only", scramFakeOptions{maxTLS: tls.VersionTLS13, mechanisms: []string{"SCRAM-SHA-1", "SCRAM-SHA-1-PLUS"}, cbTypes: []string{"tls-exporter"}}, "SCRAM-SHA-1-PLUS", "p=tls-exporter,,"},
		{"TLS 1.2 without a list", scramFakeOptions{maxTLS: tls.VersionTLS12, mechanisms: []string{"PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS"}}, "SCRAM-SHA-1-PLUS", "p=tls-unique,,"},
		{"TLS 1.2 with tls-unique listed", scramFakeOptions{maxTLS: tls.VersionTLS12, mechanisms: all, cbTypes: []string{"tls-unique"}}, "SCRAM-SHA-256-PLUS", "p=tls-unique,,"},
		{"TLS 1.3 without a list", scramFakeOptions{maxTLS: tls.VersionTLS13, mechanisms: []string{"PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS"}}, "SCRAM-SHA-1", "n,,"},
		{"TLS 1.3 with tls-unique only", scramFakeOptions{maxTLS: tls.VersionTLS13, mechanisms: all, cbTypes: []string{"tls-unique"}}, "SCRAM-SHA-256", "n,,"},
		{"TLS 1.2 with tls-exporter only", scramFakeOptions{maxTLS: tls.VersionTLS12, mechanisms: all, cbTypes: []string{"tls-exporter"}}, "SCRAM-SHA-256", "n,,"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.password = "correct horse battery staple"
			f := newSCRAMFake(t, tc.opts)
			cfg := Config{Server: f.addr, CAFile: f.caFile, Timeout: 10 * time.Second}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			sess, loginErr := login(ctx, cfg, jid.MustParse("zelda@localhost"), tc.opts.password)
			var seen scramSeen
			select {
			case seen = <-f.seen:
			case <-ctx.Done():
				t.Fatal("the fake server saw no login")
			}
			if loginErr != nil {
				t.Fatalf("login: %v (the server saw %+v)", loginErr, seen)
			}
			defer sess.Conn().Close()
			if seen.err != nil {
				t.Fatalf("the server: %v", seen.err)
			}
			if seen.tls != tc.opts.maxTLS {
				t.Fatalf("TLS version %x, want %x", seen.tls, tc.opts.maxTLS)
			}
			if seen.mechanism != tc.wantMec || seen.gs2 != tc.wantGS2 {
				t.Errorf("picked %s with GS2 header %q, want %s with %q", seen.mechanism, seen.gs2, tc.wantMec, tc.wantGS2)
			}
			if seen.cbind != seen.wantCbind {
				t.Errorf("c=%s, the connection's binding is c=%s", seen.cbind, seen.wantCbind)
			}
		})
	}
}

// The XEP-0440 rule on its own: which connections keep the -PLUS
// mechanisms.
func TestBindingUsable(t *testing.T) {
	unique := []byte("finished")
	for _, tc := range []struct {
		name       string
		cs         tls.ConnectionState
		advertised []string
		known      bool
		want       bool
	}{
		{"no TLS", tls.ConnectionState{}, nil, false, false},
		{"1.3, no list", tls.ConnectionState{Version: tls.VersionTLS13}, nil, false, false},
		{"1.3, exporter listed", tls.ConnectionState{Version: tls.VersionTLS13}, []string{"tls-exporter"}, true, true},
		{"1.3, unique listed", tls.ConnectionState{Version: tls.VersionTLS13}, []string{"tls-unique"}, true, false},
		{"1.2, no list", tls.ConnectionState{Version: tls.VersionTLS12, TLSUnique: unique}, nil, false, true},
		{"1.2, no tls-unique data", tls.ConnectionState{Version: tls.VersionTLS12}, nil, false, false},
		{"1.2, exporter only listed", tls.ConnectionState{Version: tls.VersionTLS12, TLSUnique: unique}, []string{"tls-exporter"}, true, false},
	} {
		if got := bindingUsable(tc.cs, tc.advertised, tc.known); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// login is a Client's log-in on its own, for the tests that look at what
// one log-in negotiates.
func login(ctx context.Context, cfg Config, account jid.JID, password string) (*xmpp.Session, error) {
	cfg.JID, cfg.Password = account.String(), password
	sess, _, err := New(cfg).login(ctx)
	return sess, err
}
