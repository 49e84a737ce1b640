package app

import (
	"testing"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/xmppclient"
)

// The one precedence of the package doc: typed field, then flag, then the
// saved account, then the running sandbox.
func TestConfigPrecedence(t *testing.T) {
	live, dead := sandboxDir(t, true), sandboxDir(t, false)
	plain := keystore.Account{JID: "alice@example.org", Server: "saved.example.org:5222", CAFile: "/saved/ca.pem"}
	inSandbox := keystore.Account{JID: "guest@localhost", Sandbox: true}
	unsaved := keystore.Account{JID: "bob@localhost"}
	cases := []struct {
		name    string
		acc     keystore.Account
		given   Given
		typed   string
		typedCA string
		sandbox fakeSandbox
		// want
		server, ca string
		sandboxed  bool
		code       int
	}{
		{name: "saved account alone", acc: plain, server: plain.Server, ca: plain.CAFile},
		{name: "--server beats the saved server", acc: plain, given: Given{Server: "flag:1"}, server: "flag:1", ca: plain.CAFile},
		{name: "--ca beats the saved CA", acc: plain, given: Given{CAFile: "/flag/ca.pem"}, server: plain.Server, ca: "/flag/ca.pem"},
		{name: "typed server beats --server", acc: plain, given: Given{Server: "flag:1"}, typed: "typed:2", server: "typed:2", ca: plain.CAFile},
		{name: "typed CA beats --ca", acc: plain, given: Given{CAFile: "/flag/ca.pem"}, typedCA: " /typed/ca.pem ", server: plain.Server, ca: "/typed/ca.pem"},
		{name: "typed CA beats the sandbox's", acc: inSandbox, sandbox: live, typedCA: "/typed/ca.pem", server: live.addr, ca: "/typed/ca.pem", sandboxed: true},
		{name: "sandbox account, sandbox running", acc: inSandbox, sandbox: live, server: live.addr, ca: live.ca, sandboxed: true},
		{name: "sandbox account, --server wins", acc: inSandbox, sandbox: live, given: Given{Server: "127.0.0.1:1"}, server: "127.0.0.1:1", ca: live.ca, sandboxed: true},
		{name: "sandbox account, --server, sandbox dead", acc: inSandbox, sandbox: dead, given: Given{Server: "127.0.0.1:1"}, server: "127.0.0.1:1", sandboxed: true},
		{name: "sandbox account, sandbox dead", acc: inSandbox, sandbox: dead, code: errtext.Unavailable},
		{name: "--sandbox for an unsaved account", acc: unsaved, sandbox: live, given: Given{Sandbox: true}, server: live.addr, ca: live.ca, sandboxed: true},
		{name: "--sandbox with --ca", acc: unsaved, sandbox: live, given: Given{Sandbox: true, CAFile: "/flag/ca.pem"}, server: live.addr, ca: "/flag/ca.pem", sandboxed: true},
		{name: "--sandbox, sandbox dead", acc: unsaved, sandbox: dead, given: Given{Sandbox: true}, code: errtext.Unavailable},
		{name: "unsaved account, no flags: DNS", acc: unsaved},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := c.sandbox.dir
			if dir == "" {
				dir = dead.dir
			}
			a, _ := newTestApp(t, c.given, dir)
			cfg, err := a.config(c.acc, typed{server: c.typed, caFile: c.typedCA})
			if c.code != 0 {
				if errtext.Code(err) != c.code {
					t.Fatalf("code %d (%v), want %d", errtext.Code(err), err, c.code)
				}
				return
			}
			if err != nil || cfg.JID != c.acc.JID || cfg.Server != c.server || cfg.CAFile != c.ca || cfg.Sandbox != c.sandboxed {
				t.Fatalf("config %q %q %q sandbox %v, %v; want %q %q sandbox %v", cfg.JID, cfg.Server, cfg.CAFile, cfg.Sandbox, err, c.server, c.ca, c.sandboxed)
			}
		})
	}
}

func TestChoose(t *testing.T) {
	a, _ := newTestApp(t, Given{}, t.TempDir())
	if _, _, err := a.Choose(""); errtext.Code(err) != errtext.BadRequest {
		t.Fatalf("no account: code %d, %v", errtext.Code(err), err)
	}
	st := a.opts.Store
	for _, j := range []string{"old@example.org", "new@example.org"} {
		if err := st.SaveAccount(keystore.Account{JID: j}); err != nil {
			t.Fatal(err)
		}
		if err := st.Touch(j); err != nil {
			t.Fatal(err)
		}
	}
	check := func(a *App, asked, want string, wantFound bool) {
		t.Helper()
		acc, found, err := a.Choose(asked)
		if err != nil || acc.JID != want || found != wantFound {
			t.Errorf("Choose(%q) = %q found %v, %v; want %q found %v", asked, acc.JID, found, err, want, wantFound)
		}
	}
	check(a, "", "new@example.org", true)                      // the most recently used
	check(a, "Old@Example.org/phone", "old@example.org", true) // bare, case folded
	check(a, "stranger@example.org", "stranger@example.org", false)

	flagged := New(Options{Store: st, Given: Given{Account: "old@example.org"}})
	check(flagged, "", "old@example.org", true)                           // --account beats the last used
	check(flagged, "stranger@example.org", "stranger@example.org", false) // the JID asked beats --account

	if _, _, err := a.Choose("not a jid"); errtext.Code(err) != errtext.BadRequest {
		t.Errorf("bad JID: code %d, %v", errtext.Code(err), err)
	}
}

func TestNeedsSystemRoots(t *testing.T) {
	st := newStore(t)
	for _, acc := range []keystore.Account{{JID: "plain@example.org"}, {JID: "own-ca@example.org", CAFile: "/ca.pem"}, {JID: "guest@localhost", Sandbox: true}} {
		if err := st.SaveAccount(acc); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		g    Given
		want bool
	}{
		{Given{}, false}, // no log-in at start
		{Given{Account: "plain@example.org"}, true},
		{Given{Account: "unsaved@example.org"}, true},
		{Given{Account: "plain@example.org", CAFile: "/flag.pem"}, false},
		{Given{Account: "plain@example.org", Sandbox: true}, false},
		{Given{Account: "own-ca@example.org"}, false},
		{Given{Account: "guest@localhost"}, false},
	} {
		if got := New(Options{Store: st, Given: c.g}).NeedsSystemRoots(); got != c.want {
			t.Errorf("%+v: %v, want %v", c.g, got, c.want)
		}
	}
}

// Direct TLS goes with the server it was saved for: the account's applies
// when its server is dialled, not when another is typed or given;
// --direct-tls applies to any; saved() keeps it only with a server.
func TestDirectTLSPrecedence(t *testing.T) {
	dead := sandboxDir(t, false)
	direct := keystore.Account{JID: "alice@example.org", Server: "saved.example.org:5223", DirectTLS: true}
	cases := []struct {
		name  string
		acc   keystore.Account
		given Given
		typed string
		want  bool
	}{
		{name: "saved server with direct TLS", acc: direct, want: true},
		{name: "saved server typed again", acc: direct, typed: direct.Server, want: true},
		{name: "another server typed", acc: direct, typed: "other:5222"},
		{name: "another server by --server", acc: direct, given: Given{Server: "other:5222"}},
		{name: "--direct-tls with --server", acc: keystore.Account{JID: "bob@example.org"}, given: Given{Server: "x:5223", DirectTLS: true}, want: true},
		{name: "no server, nothing saved", acc: keystore.Account{JID: "bob@example.org"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, _ := newTestApp(t, c.given, dead.dir)
			cfg, err := a.config(c.acc, typed{server: c.typed})
			if err != nil || cfg.DirectTLS != c.want {
				t.Fatalf("DirectTLS %v (%v), want %v", cfg.DirectTLS, err, c.want)
			}
		})
	}
	kept := saved(keystore.Account{JID: "bob@example.org"}, xmppclient.Config{Server: "x:5223", DirectTLS: true})
	if !kept.DirectTLS {
		t.Fatal("a direct TLS log-in to a server was not saved with direct TLS")
	}
	if s := saved(keystore.Account{JID: "bob@example.org"}, xmppclient.Config{DirectTLS: true}); s.DirectTLS {
		t.Fatal("direct TLS saved without a server")
	}
}

// --stranger-messages drop reaches every client's configuration.
func TestDropStrangersReachesTheConfig(t *testing.T) {
	acc := keystore.Account{JID: "alice@example.org", Server: "saved.example.org:5222"}
	for _, drop := range []bool{false, true} {
		a, _ := newTestApp(t, Given{DropStrangers: drop}, sandboxDir(t, false).dir)
		cfg, err := a.config(acc, typed{})
		if err != nil || cfg.DropStrangers != drop {
			t.Fatalf("Given.DropStrangers %v: config DropStrangers %v, %v", drop, cfg.DropStrangers, err)
		}
	}
}
