package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
)

func TestLoginPasswordSources(t *testing.T) {
	ctx := context.Background()
	a, d := newTestApp(t, Given{}, t.TempDir())
	st := a.opts.Store
	const jid = "alice@example.org"

	// Nothing stored, nothing typed: the error says so and wraps
	// ErrNoPassword; nothing is dialled.
	if _, err := a.Login(ctx, LoginRequest{JID: jid}); !errors.Is(err, ErrNoPassword) || len(d.configs) != 0 {
		t.Fatalf("no password: %v, %d dials", err, len(d.configs))
	}
	// Typed and remembered: dialled with it, then stored in the keyring.
	if _, err := a.Login(ctx, LoginRequest{JID: jid, Password: "typed", Remember: true}); err != nil {
		t.Fatal(err)
	}
	if d.configs[0].Password != "typed" {
		t.Fatalf("dialled with %q", d.configs[0].Password)
	}
	if pw, where, err := st.Password(ctx, jid); pw != "typed" || where != keystore.StorageKeyring || err != nil {
		t.Fatalf("stored %q in %s, %v", pw, where, err)
	}
	// The stored secret.
	if _, err := a.Login(ctx, LoginRequest{JID: jid}); err != nil || d.configs[1].Password != "typed" {
		t.Fatalf("stored secret: %v, dialled with %q", err, d.configs[1].Password)
	}
	// A password command.
	other := "bob@example.org"
	if err := st.SaveAccount(keystore.Account{JID: other, PasswordCommand: "echo from-command"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Login(ctx, LoginRequest{JID: other}); err != nil || d.configs[2].Password != "from-command" {
		t.Fatalf("password command: %v, dialled with %q", err, d.configs[2].Password)
	}
	// Typed but not remembered: not stored.
	carol := "carol@example.org"
	if _, err := a.Login(ctx, LoginRequest{JID: carol, Password: "once"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Password(ctx, carol); !errors.Is(err, keystore.ErrNoPassword) {
		t.Fatalf("a password not to remember was stored: %v", err)
	}
}

// `parley --server 127.0.0.1:1` with a saved sandbox account tries
// 127.0.0.1:1, and the sandbox account is saved without an address.
func TestLoginFlagBeatsSavedSandboxAccount(t *testing.T) {
	ctx := context.Background()
	live := sandboxDir(t, true)
	a, d := newTestApp(t, Given{Server: "127.0.0.1:1"}, live.dir)
	st := a.opts.Store
	const jid = "guest@localhost"
	if err := st.SaveAccount(keystore.Account{JID: jid, Sandbox: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Login(ctx, LoginRequest{JID: jid, Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	if got := d.configs[0]; got.Server != "127.0.0.1:1" || !got.Sandbox || got.CAFile != live.ca {
		t.Fatalf("dialled %q (CA %q, sandbox %v)", got.Server, got.CAFile, got.Sandbox)
	}
	acc, _, _ := st.Account(jid)
	if acc.Server != "" || acc.CAFile != "" || !acc.Sandbox {
		t.Fatalf("saved %+v", acc)
	}
}

// A successful log-in saves the settings it used (typed server, --ca).
func TestLoginSavesTheSettingsUsed(t *testing.T) {
	a, _ := newTestApp(t, Given{CAFile: "/flag/ca.pem"}, t.TempDir())
	if _, err := a.Login(context.Background(), LoginRequest{JID: "dave@example.org", Password: "pw", Server: "xmpp.example.org:5222"}); err != nil {
		t.Fatal(err)
	}
	acc, found, err := a.opts.Store.Account("dave@example.org")
	if !found || err != nil || acc.Server != "xmpp.example.org:5222" || acc.CAFile != "/flag/ca.pem" || acc.LastUsed.IsZero() {
		t.Fatalf("saved %+v (found %v, %v)", acc, found, err)
	}
}

func TestFailedLoginSavesNothing(t *testing.T) {
	a, d := newTestApp(t, Given{}, t.TempDir())
	d.err = errtext.New(errtext.Unauthorized, "Wrong password.")
	if _, err := a.Login(context.Background(), LoginRequest{JID: "eve@example.org", Password: "bad", Remember: true}); errtext.Code(err) != errtext.Unauthorized {
		t.Fatalf("%v", err)
	}
	if list, _ := a.opts.Store.Accounts(); len(list) != 0 {
		t.Fatalf("saved %+v", list)
	}
}

func TestReadPasswordLine(t *testing.T) {
	for in, want := range map[string]string{"s3cret\n": "s3cret", "s3cret\r\nnext\n": "s3cret", "no newline": "no newline"} {
		if got, err := ReadPasswordLine(strings.NewReader(in)); got != want || err != nil {
			t.Errorf("ReadPasswordLine(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ReadPasswordLine(strings.NewReader("\n")); errtext.Code(err) != errtext.BadRequest {
		t.Errorf("empty line: %v", err)
	}
}

// Both sentences survive when the account cannot be saved: the bug where
// "The account could not be saved" was overwritten by the password's.
func TestStoreCredentialsKeepsEverySentence(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// The configuration directory lies under a file: accounts.json cannot
	// be written, the keyring still works.
	st, err := keystore.OpenWith(keystore.Options{ConfigDir: filepath.Join(blocker, "parley"), Backend: &memKeyring{}})
	if err != nil {
		t.Fatal(err)
	}
	a := New(Options{Store: st})
	got := a.storeCredentials(keystore.Account{JID: "frank@example.org"}, "pw")
	if !strings.Contains(got, "The account could not be saved") || !strings.Contains(got, "saved in the keyring") {
		t.Fatalf("sentence %q", got)
	}
}

func TestStorageSentences(t *testing.T) {
	withKeyring := New(Options{Store: newStore(t)})
	if got := withKeyring.storeCredentials(keystore.Account{JID: "a@example.org"}, "pw"); got != "The password is saved in the keyring; Parley logs you in with it next time." {
		t.Errorf("keyring: %q", got)
	}
	noKeyring, err := keystore.OpenWith(keystore.Options{ConfigDir: t.TempDir(), Backend: failingKeyring{}})
	if err != nil {
		t.Fatal(err)
	}
	got := New(Options{Store: noKeyring}).storeCredentials(keystore.Account{JID: "b@example.org"}, "pw")
	if !strings.HasSuffix(got, "until it quits: write it down now.") || strings.Contains(got, "saved in the keyring") {
		t.Errorf("no keyring: %q", got)
	}
	// A front end that exits says how the next command gets the password.
	got = New(Options{Store: noKeyring, Exits: true}).storeCredentials(keystore.Account{JID: "c@example.org"}, "pw")
	if !strings.Contains(got, "--password-stdin") || strings.Contains(got, "quits") || strings.Contains(got, "memory") || strings.Count(got, ". ") != 0 {
		t.Errorf("no keyring, a command: %q", got)
	}
}

// failingKeyring refuses every write.
type failingKeyring struct{}

func (failingKeyring) Set(string, string, string) error { return errors.New("locked") }
func (failingKeyring) Get(string, string) (string, error) {
	return "", errors.New("locked")
}
func (failingKeyring) Delete(string, string) error { return errors.New("locked") }

func TestForgetAccount(t *testing.T) {
	a, _ := newTestApp(t, Given{}, t.TempDir())
	if _, err := a.Login(context.Background(), LoginRequest{JID: "gina@example.org", Password: "pw", Remember: true}); err != nil {
		t.Fatal(err)
	}
	if err := a.ForgetAccount("gina@example.org"); err != nil {
		t.Fatal(err)
	}
	list, _ := a.Accounts()
	if _, _, err := a.opts.Store.Password(context.Background(), "gina@example.org"); len(list) != 0 || !errors.Is(err, keystore.ErrNoPassword) {
		t.Fatalf("after forget: %+v, %v", list, err)
	}
}
