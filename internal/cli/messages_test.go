package cli

import (
	"strings"
	"testing"
)

// Unknown flags and commands, and bad flag values, print the JSON
// envelope with 400 like every other failure, on stdout, and exit 1.
func TestUnknownFlagsAndCommandsPrintTheEnvelope(t *testing.T) {
	isolate(t)
	for _, tc := range []struct {
		args []string
		want string // in the message
	}{
		{[]string{"--bogus"}, "There is no flag --bogus"},
		{[]string{"frobnicate"}, `There is no command "frobnicate"`},
		{[]string{"--account", "a@example.org", "frobnicate"}, `There is no command "frobnicate"`},
		{[]string{"whoami", "--bogus"}, "There is no flag --bogus; run 'parley whoami --help'"},
		{[]string{"whoami", "--server"}, "The flag --server needs a value"},
		{[]string{"watch", "--seconds", "soon"}, `The value "soon" of --seconds is not valid`},
		{[]string{"--avatars", "sixel"}, "use kitty, blocks, initials or auto"},
		{[]string{"contacts", "list", "--avatars=sixel"}, "use kitty, blocks, initials or auto"},
	} {
		r := run(t, "", tc.args...)
		if r.code != 1 || r.resp.StatusCode != 400 || !strings.Contains(r.resp.Message, tc.want) {
			t.Errorf("parley %v: exit %d, %q", tc.args, r.code, r.out)
		}
		if strings.Count(r.resp.Message, ". ") > 0 || !strings.HasSuffix(r.resp.Message, ".") {
			t.Errorf("parley %v: not one sentence: %q", tc.args, r.resp.Message)
		}
	}
	for _, ok := range [][]string{{"--avatars", "kitty", "--help"}, {"help"}} {
		if r := run(t, "", ok...); r.code != 0 {
			t.Errorf("parley %v: exit %d %s", ok, r.code, r.out)
		}
	}
}

// With no password known, a command says how to give one to a command
// (not to run connect, which cannot keep it without a keyring), and names
// the account, in one sentence.
func TestNoPasswordAdviceWorksForCommands(t *testing.T) {
	isolate(t)
	r := run(t, "", "whoami", "--account", "nobody@example.org")
	m := r.resp.Message
	if r.code != 1 || r.resp.StatusCode != 401 || !strings.Contains(m, "nobody@example.org") ||
		!strings.Contains(m, "--password-stdin on each command") || !strings.Contains(m, "password_command") || strings.Contains(m, "parley connect") {
		t.Fatalf("exit %d: %s", r.code, r.out)
	}
	if strings.Count(m, ". ") > 0 {
		t.Fatalf("not one sentence: %q", m)
	}
}
