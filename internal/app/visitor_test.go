package app

import (
	"context"
	"errors"
	"testing"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
)

// A demo visitor reaches the sandbox and nothing else.
func TestDemoVisitorReachesOnlyTheSandbox(t *testing.T) {
	ctx := context.Background()
	live := sandboxDir(t, true)
	st, err := OpenVisitorStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, acc := range []keystore.Account{{JID: "guest@localhost", Sandbox: true}, {JID: "alice@example.org"}} {
		if err := st.SaveAccount(acc); err != nil {
			t.Fatal(err)
		}
	}
	// The operator's flags do not reach visitors.
	a := NewVisitor(Options{Store: st, SandboxDir: live.dir, Given: Given{Server: "operator:1"}}, true)
	d := &dialer{}
	a.connect = d.connect

	for name, req := range map[string]LoginRequest{
		"a saved account off the sandbox":  {JID: "alice@example.org", Password: "pw"},
		"an account not saved":             {JID: "mallory@example.org", Password: "pw"},
		"a sandbox account sent elsewhere": {JID: "guest@localhost", Password: "pw", Server: "example.org:5222"},
	} {
		if _, err := a.Login(ctx, req); errtext.Code(err) != errtext.Forbidden {
			t.Errorf("%s: code %d, %v", name, errtext.Code(err), err)
		}
	}
	if _, _, _, err := a.Register(ctx, RegisterRequest{Identifier: "x", Domain: "example.org"}); errtext.Code(err) != errtext.Forbidden {
		t.Errorf("register off the sandbox: code %d, %v", errtext.Code(err), err)
	}
	if len(d.configs) != 0 {
		t.Fatalf("dialled %+v", d.configs)
	}
	if _, err := a.Login(ctx, LoginRequest{JID: "guest@localhost", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	if got := d.configs[0]; got.Server != live.addr || got.CAFile != live.ca {
		t.Fatalf("the sandbox account dialled %q (CA %q)", got.Server, got.CAFile)
	}
}

// Visitors' passwords stay in this process's memory: another store on
// the same directory (a restarted server) does not find them.
func TestVisitorSecretsAreMemoryOnly(t *testing.T) {
	dir := t.TempDir()
	st, err := OpenVisitorStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveAccount(keystore.Account{JID: "guest@localhost", Sandbox: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SavePassword("guest@localhost", "pw"); err != nil {
		t.Fatal(err)
	}
	if pw, _, err := st.Password(context.Background(), "guest@localhost"); pw != "pw" || err != nil {
		t.Fatalf("same store: %q, %v", pw, err)
	}
	again, err := OpenVisitorStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, found, _ := again.Account("guest@localhost"); !found {
		t.Fatal("the account list was not kept")
	}
	if _, _, err := again.Password(context.Background(), "guest@localhost"); !errors.Is(err, keystore.ErrNoPassword) {
		t.Fatalf("a new store found the password: %v", err)
	}
}

// Without the demo, a visitor may go anywhere, still without the
// operator's flags.
func TestVisitorWithoutDemo(t *testing.T) {
	a := NewVisitor(Options{Store: newStore(t), Given: Given{Server: "operator:1"}}, false)
	d := &dialer{}
	a.connect = d.connect
	if _, err := a.Login(context.Background(), LoginRequest{JID: "alice@example.org", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	if d.configs[0].Server != "" {
		t.Fatalf("dialled %q", d.configs[0].Server)
	}
}
