package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
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
		{[]string{"help", "frobnicate"}, `There is no command "frobnicate"`},
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
	for _, ok := range [][]string{{"--avatars", "kitty", "--help"}, {"help"}, {"help", "whoami"}} {
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

// An account made before a later step failed keeps its credentials in the
// refusal: a password no keyring holds is shown, with where it went.
func TestPartialRegistrationKeepsTheCredentials(t *testing.T) {
	var out bytes.Buffer
	cause := errtext.New(errtext.Internal, "The registration metadata could not be stored.")
	code := printPartial(&out, "No keyring is reachable (none), so the password is not saved: write it down now.",
		xmppclient.RegisterResult{UserJID: "carol@example.org", Password: "s3cret"}, cause)
	var r struct {
		StatusCode int
		Message    string
		Data       xmppclient.RegisterResult
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil || code != 1 || r.StatusCode != 500 {
		t.Fatalf("%d %v %s", code, err, out.String())
	}
	if r.Data.Password != "s3cret" || !strings.HasPrefix(r.Message, "The registration metadata could not be stored. No keyring") {
		t.Fatalf("credentials or storage lost: %s", out.String())
	}
}
