package keystore

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"time"
)

// DefaultCommandTimeout bounds a password command. It is generous because
// the command may wait for a GUI pinentry the user has to answer.
const DefaultCommandTimeout = 30 * time.Second

// runPasswordCommand runs command with sh -c and returns the first line of
// its standard output. Stdin is left nil, which os/exec connects to
// /dev/null: a command that asks for input gets EOF and fails instead of
// hanging. The account's JID is in PARLEY_JID for commands shared by
// several accounts. Standard output never appears in an error, since it
// may hold the password.
func runPasswordCommand(ctx context.Context, jid, command string, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	cmd.Env = append(os.Environ(), "PARLEY_JID="+jid)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	// A grandchild that keeps the pipes open must not hold us past the kill.
	cmd.WaitDelay = time.Second
	killGroupOnCancel(cmd)

	err := cmd.Run()
	switch {
	case ctx.Err() != nil:
		return "", &CommandError{JID: jid, Timeout: timeout, TimedOut: true, Err: ctx.Err()}
	case err != nil:
		return "", &CommandError{JID: jid, Timeout: timeout, Stderr: strings.TrimSuffix(summarize(stderr.String()), "."), Err: err}
	}
	line, _, _ := bufio.NewReader(&stdout).ReadLine()
	pw := strings.TrimRight(string(line), "\r")
	if pw == "" {
		return "", &CommandError{JID: jid, Timeout: timeout}
	}
	return pw, nil
}

// summarize squeezes a command's stderr into a short single line.
func summarize(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	const max = 300
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}
