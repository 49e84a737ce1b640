package errtext

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/xmppclient"
)

// oneSentence fails unless s is one sentence: a capital, one full stop,
// at the end.
func oneSentence(t *testing.T, s string) {
	t.Helper()
	if s == "" || strings.ToUpper(s[:1]) != s[:1] || !strings.HasSuffix(s, ".") || strings.Count(s, ". ") > 0 {
		t.Errorf("not one sentence: %q", s)
	}
}

// flagErr is the error the standard flag package gives for args.
func flagErr(t *testing.T, args ...string) error {
	t.Helper()
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("server", "", "")
	fs.Int("seconds", 0, "")
	fs.Bool("sandbox", false, "")
	fs.Func("avatars", "", func(string) error { return ErrAvatarsValue })
	err := fs.Parse(args)
	if err == nil {
		t.Fatalf("%v parsed", args)
	}
	return err
}

func TestFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		command string
		want    string
	}{
		{[]string{"--bogus"}, "", "There is no flag --bogus; run 'parley --help' for the flags."},
		{[]string{"-bogus"}, "whoami", "There is no flag --bogus; run 'parley whoami --help' for the flags."},
		{[]string{"--server"}, "whoami", "The flag --server needs a value; run 'parley whoami --help' for what it takes."},
		{[]string{"--seconds", "soon"}, "watch", `The value "soon" of --seconds is not valid (parse error); run 'parley watch --help' for what it takes.`},
		{[]string{"--avatars", "sixel"}, "", `The value "sixel" of --avatars is not valid (use kitty, blocks, initials or auto); run 'parley --help' for what it takes.`},
		{[]string{"--sandbox=maybe"}, "", `The flag --sandbox takes no value (or true or false), not "maybe".`},
	} {
		err := FlagError(tc.command, flagErr(t, tc.args...))
		if Code(err) != BadRequest || Message(err) != tc.want {
			t.Errorf("%v: %d %q\nwant %q", tc.args, Code(err), Message(err), tc.want)
		}
		oneSentence(t, Message(err))
	}
	if err := UnknownCommand("frobnicate"); Code(err) != BadRequest || Message(err) != `There is no command "frobnicate"; run 'parley --help' for the list.` {
		t.Errorf("unknown command: %d %q", Code(err), Message(err))
	}
}

// Where a password went, in one sentence; a command that exits says how
// to give the password next time, never that it is kept in memory.
func TestPasswordStorageSentences(t *testing.T) {
	const a = "alice@example.org"
	timeout := &keystore.KeyringError{Op: keystore.KeyringSave, JID: a, Keyring: "Secret Service", Timeout: time.Second, Err: keystore.ErrKeyringTimeout}
	for _, tc := range []struct {
		where keystore.Storage
		err   error
		exits bool
		want  string
	}{
		{keystore.StorageKeyring, nil, true, "The password is saved in the keyring; Parley logs you in with it next time."},
		{keystore.StorageMemory, nil, true, "No keyring is reachable (no D-Bus session bus), so the password is not saved: write it down now, and give it to each command with --password-stdin or set a password_command for the account."},
		{keystore.StorageMemory, nil, false, "No keyring is reachable (no D-Bus session bus), so Parley keeps the password only until it quits: write it down now."},
		{keystore.StorageMemory, timeout, true, "The password for alice@example.org could not be saved in the Secret Service (no answer within 1s; it may be locked): write it down now, and give it to each command with --password-stdin or set a password_command for the account."},
		{keystore.StorageMemory, timeout, false, "The password for alice@example.org could not be saved in the Secret Service (no answer within 1s; it may be locked), so Parley keeps it only until it quits: write it down now."},
	} {
		got := PasswordStorage(a, tc.where, tc.err, "no D-Bus session bus", tc.exits)
		if got != tc.want {
			t.Errorf("%s %v exits=%v:\n got %q\nwant %q", tc.where, tc.err, tc.exits, got, tc.want)
		}
		oneSentence(t, got)
		if tc.exits && strings.Contains(got, "memory") {
			t.Errorf("a command that exits speaks of memory: %q", got)
		}
	}
}

func TestCommandLoginSentences(t *testing.T) {
	noPw := &keystore.AccountError{JID: "alice@example.org", Err: keystore.ErrNoPassword}
	err := NoPasswordForCommand(noPw, "")
	if Code(err) != Unauthorized || Message(err) != "No password is known for alice@example.org: give it with --password-stdin on each command, or set a password_command for the account." {
		t.Errorf("no password: %d %q", Code(err), Message(err))
	}
	if !errors.Is(err, keystore.ErrNoPassword) {
		t.Error("the cause is lost")
	}
	refused := LoginOf(fmt.Errorf("login: %w", &xmppclient.AuthError{Condition: "not-authorized"}), "carol@example.org")
	if Code(refused) != Unauthorized || Message(refused) != "The server refused the login of carol@example.org: wrong password or unknown account (not-authorized)." {
		t.Errorf("refused: %d %q", Code(refused), Message(refused))
	}
	for _, m := range []string{Message(err), Message(refused)} {
		oneSentence(t, m)
		if strings.Contains(m, "parley connect") {
			t.Errorf("sends the user to connect: %q", m)
		}
	}
	other := errors.New("boom")
	if LoginOf(other, "carol@example.org") != other {
		t.Error("LoginOf changed an error that is not a refused login")
	}
}
