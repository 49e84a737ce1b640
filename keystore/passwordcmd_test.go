package keystore

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
)

// requireSh skips where there is no sh (a bare Windows box), or fails in
// CI (see testenv.Missing).
func requireSh(t *testing.T) {
	t.Helper()
	testenv.RequireBinary(t, "sh")
}

func TestPasswordCommandSuccess(t *testing.T) {
	requireSh(t)
	ctx := context.Background()
	pw, err := runPasswordCommand(ctx, "alice@example.org", `printf 'first line\r\nsecond\n'`, time.Minute)
	if err != nil || pw != "first line" {
		t.Errorf("got %q, %v; want the first line without CR/LF", pw, err)
	}
	pw, err = runPasswordCommand(ctx, "alice@example.org", `echo "pw-for-$PARLEY_JID"`, time.Minute)
	if err != nil || pw != "pw-for-alice@example.org" {
		t.Errorf("got %q, %v; want PARLEY_JID in the environment", pw, err)
	}
}

func TestPasswordCommandFailure(t *testing.T) {
	requireSh(t)
	_, err := runPasswordCommand(context.Background(), "alice@example.org",
		`echo topsecret; echo "gpg: decryption failed: No secret key" >&2; exit 3`, time.Minute)
	if !errors.Is(err, ErrPasswordCommand) {
		t.Fatalf("err = %v, want ErrPasswordCommand", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "decryption failed") || !strings.Contains(msg, "exit status 3") {
		t.Errorf("message %q should carry the exit status and stderr", msg)
	}
	if strings.Contains(msg, "topsecret") {
		t.Errorf("message %q leaks the command's stdout", msg)
	}

	_, err = runPasswordCommand(context.Background(), "alice@example.org", `true`, time.Minute)
	if !errors.Is(err, ErrPasswordCommand) || !strings.Contains(err.Error(), "no password") {
		t.Errorf("silent command: err = %v, want 'printed no password'", err)
	}
}

func TestPasswordCommandNoStdin(t *testing.T) {
	requireSh(t)
	// A command that prompts reads EOF from /dev/null and fails.
	_, err := runPasswordCommand(context.Background(), "alice@example.org",
		`printf 'Passphrase: ' >&2; read -r pw && echo "$pw"`, time.Minute)
	if !errors.Is(err, ErrPasswordCommand) || !strings.Contains(err.Error(), "Passphrase") {
		t.Errorf("prompting command: err = %v, want a failure with its stderr", err)
	}
	// cat copies stdin: nothing, so no password.
	if _, err := runPasswordCommand(context.Background(), "alice@example.org", `cat`, time.Minute); !errors.Is(err, ErrPasswordCommand) {
		t.Errorf("cat: err = %v, want ErrPasswordCommand", err)
	}
}

func TestPasswordCommandTimeout(t *testing.T) {
	requireSh(t)
	// The grandchild sleep holds stdout; the process-group kill must end it.
	_, err := runPasswordCommand(context.Background(), "alice@example.org",
		`sleep 60 & sleep 60; echo late`, 50*time.Millisecond)
	if !errors.Is(err, ErrPasswordCommand) || !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, new(*CommandError)) {
		t.Errorf("err = %v, want Unavailable wrapping ErrPasswordCommand and DeadlineExceeded", err)
	}
}
