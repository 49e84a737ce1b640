package keystore

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestAccountsRoundTrip(t *testing.T) {
	s, _ := openFake(t)
	t0 := time.Date(2025, 3, 1, 12, 0, 0, 123, time.UTC)
	in := []Account{
		{JID: "alice@example.org", Server: "xmpp.example.org:5222", CAFile: "/etc/ssl/ca.pem", Sandbox: true, PasswordCommand: "pass show xmpp/alice", LastUsed: t0},
		{JID: "bob@example.net", LastUsed: t0.Add(time.Hour)},
	}
	for _, a := range in {
		if err := s.SaveAccount(a); err != nil {
			t.Fatal(err)
		}
	}
	// A second Store reads only what is on disk.
	s2, err := OpenWith(Options{ConfigDir: s.dir, Backend: &fakeBackend{}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s2.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	want := []Account{in[1], in[0]}
	if len(got) != 2 {
		t.Fatalf("got %d accounts, want 2: %+v", len(got), got)
	}
	for i := range want {
		if !got[i].LastUsed.Equal(want[i].LastUsed) {
			t.Errorf("account %d LastUsed = %v, want %v", i, got[i].LastUsed, want[i].LastUsed)
		}
		got[i].LastUsed, want[i].LastUsed = time.Time{}, time.Time{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Accounts() = %+v\nwant %+v", got, want)
	}
	a, ok, err := s2.Account("Alice@Example.org/laptop")
	if err != nil || !ok || a.PasswordCommand != "pass show xmpp/alice" {
		t.Errorf("Account(alice) = %+v, %v, %v", a, ok, err)
	}
	if _, ok, err := s2.Account("carol@example.org"); ok || err != nil {
		t.Errorf("Account(carol) = %v, %v; want not found, nil", ok, err)
	}
}

func TestAccountsFileMode(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "parley")
	s, err := OpenWith(Options{ConfigDir: dir, Backend: &fakeBackend{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAccount(Account{JID: "alice@example.org"}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if m := fi.Mode().Perm(); m != 0o600 {
		t.Errorf("accounts.json mode = %o, want 600", m)
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m := di.Mode().Perm(); m != 0o700 {
		t.Errorf("config dir mode = %o, want 700", m)
	}
}

func TestAtomicWriteReplacesFile(t *testing.T) {
	s, _ := openFake(t)
	if err := s.SaveAccount(Account{JID: "alice@example.org"}); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAccount(Account{JID: "bob@example.org"}); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	// A new file renamed over the old one, not the old one rewritten.
	if os.SameFile(before, after) {
		t.Error("accounts.json was rewritten in place, want a new file renamed over it")
	}
	assertOnlyAccountsFile(t, s.dir)
}

func TestAtomicWriteFailureKeepsOldFile(t *testing.T) {
	s, _ := openFake(t)
	if err := s.SaveAccount(Account{JID: "alice@example.org"}); err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	renameFile = func(string, string) error { return errors.New("disk full") }
	t.Cleanup(func() { renameFile = os.Rename })

	err = s.SaveAccount(Account{JID: "bob@example.org"})
	if le := (*AccountListError)(nil); !errors.As(err, &le) || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("SaveAccount with a failing rename = %v, want an Internal error naming the cause", err)
	}
	now, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if string(now) != string(old) {
		t.Errorf("accounts.json changed after a failed save:\n%s\nwant\n%s", now, old)
	}
	assertOnlyAccountsFile(t, s.dir)
}

// assertOnlyAccountsFile fails if a temporary file was left behind.
func assertOnlyAccountsFile(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != "accounts.json" {
		t.Errorf("config dir holds %v, want only accounts.json", names)
	}
}

func TestUpsertTouchOrdering(t *testing.T) {
	s, _ := openFake(t)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.SaveAccount(Account{JID: "alice@example.org", LastUsed: t0}))
	must(s.SaveAccount(Account{JID: "bob@example.org", LastUsed: t0.Add(time.Minute)}))
	must(s.SaveAccount(Account{JID: "carol@example.org", LastUsed: t0.Add(time.Minute)}))
	order := func() []string {
		t.Helper()
		list, err := s.Accounts()
		must(err)
		var jids []string
		for _, a := range list {
			jids = append(jids, a.JID)
		}
		return jids
	}
	if got, want := order(), []string{"bob@example.org", "carol@example.org", "alice@example.org"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order = %v, want %v (ties keep insertion order)", got, want)
	}

	must(s.Touch("alice@example.org"))
	if got := order(); got[0] != "alice@example.org" {
		t.Errorf("after Touch(alice) order = %v, want alice first", got)
	}

	// Upsert by a differently spelled JID: same entry, LastUsed kept.
	a, _, err := s.Account("alice@example.org")
	must(err)
	must(s.SaveAccount(Account{JID: "ALICE@example.org/phone", Server: "h.example.org:5223"}))
	list, err := s.Accounts()
	must(err)
	if len(list) != 3 {
		t.Fatalf("upsert made %d accounts, want 3: %+v", len(list), list)
	}
	b, _, err := s.Account("alice@example.org")
	must(err)
	if b.Server != "h.example.org:5223" || !b.LastUsed.Equal(a.LastUsed) {
		t.Errorf("after upsert alice = %+v, want new server and LastUsed %v", b, a.LastUsed)
	}

	// A new account without LastUsed counts as used now.
	must(s.SaveAccount(Account{JID: "dave@example.org"}))
	if got := order(); got[0] != "dave@example.org" {
		t.Errorf("new account order = %v, want dave first", got)
	}
}

func TestAccountErrors(t *testing.T) {
	s, _ := openFake(t)
	if err := s.Touch("nobody@example.org"); !errors.Is(err, ErrNoAccount) {
		t.Errorf("Touch(unknown) = %v, want NotFound", err)
	}
	for _, bad := range []string{"", "example.org", "@example.org", "a@b@c"} {
		if err := s.SaveAccount(Account{JID: bad}); !errors.Is(err, ErrInvalidAddress) {
			t.Errorf("SaveAccount(%q) = %v, want BadRequest", bad, err)
		}
	}
	for _, bad := range []string{"example.org", "example.org:0", "example.org:x", ":5222"} {
		err := s.SaveAccount(Account{JID: "a@example.org", Server: bad})
		if ae := (*AddressError)(nil); !errors.As(err, &ae) || !ae.Server {
			t.Errorf("SaveAccount(server %q) = %v, want BadRequest", bad, err)
		}
	}
	if err := os.WriteFile(s.Path(), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	var le *AccountListError
	if _, err := s.Accounts(); !errors.As(err, &le) || le.Op != ListDecode || !strings.Contains(err.Error(), s.Path()) {
		t.Errorf("Accounts() on a damaged file = %v, want Internal naming the file", err)
	}
}

func TestXDGConfigHome(t *testing.T) {
	noBus(t)
	xdg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", xdg)
	s, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(xdg, "parley", "accounts.json"); s.Path() != want {
		t.Errorf("Path() = %s, want %s", s.Path(), want)
	}
	if err := s.SaveAccount(Account{JID: "alice@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(xdg, "parley", "accounts.json")); err != nil {
		t.Error(err)
	}

	// Unset (or relative, which the spec says to ignore): ~/.config.
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, v := range []string{"", "relative/dir"} {
		t.Setenv("XDG_CONFIG_HOME", v)
		s, err := Open()
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(home, ".config", "parley", "accounts.json"); s.Path() != want {
			t.Errorf("XDG_CONFIG_HOME=%q: Path() = %s, want %s", v, s.Path(), want)
		}
	}
}

// UpdateAccount changes one saved account's settings and keeps the rest;
// an account not saved is ErrNoAccount.
func TestUpdateAccountKeepsTheRest(t *testing.T) {
	s, _ := openFake(t)
	if err := s.SaveAccount(Account{JID: "alice@example.org", Server: "xmpp.example.org:5222"}); err != nil {
		t.Fatal(err)
	}
	err := s.UpdateAccount("Alice@Example.org/pc", func(a *Account) {
		a.PresenceShow, a.PresenceText, a.HideIdle = "away", "at lunch", true
	})
	if err != nil {
		t.Fatal(err)
	}
	a, ok, err := s.Account("alice@example.org")
	if err != nil || !ok || a.Server != "xmpp.example.org:5222" || a.PresenceShow != "away" || a.PresenceText != "at lunch" || !a.HideIdle {
		t.Fatalf("after UpdateAccount: %+v, %v, %v", a, ok, err)
	}
	if err := s.UpdateAccount("bob@example.org", func(*Account) {}); !errors.Is(err, ErrNoAccount) {
		t.Fatalf("UpdateAccount(unknown) = %v, want ErrNoAccount", err)
	}
}
