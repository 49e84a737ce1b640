package sandbox

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
)

// RegisterUser creates user@Domain with password through prosodyctl. It
// works whether or not Prosody runs. An existing account is not changed:
// the error then wraps ErrUserExists (errtext words it).
func (s *Server) RegisterUser(ctx context.Context, user, password string) error {
	if user == "" || strings.ContainsAny(user, "@/\"&'<>: \t\r\n") {
		return &UserError{User: user, JID: s.JID(user), Err: ErrBadUserName}
	}
	if password == "" || strings.ContainsAny(password, "\r\n") {
		return &UserError{User: user, JID: s.JID(user), Err: ErrBadPassword}
	}
	ctl, err := findCtl()
	if err != nil {
		return err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, ctlLimit)
		defer cancel()
	}
	// adduser (unlike register, which silently overwrites) refuses an
	// existing account. It reads the password twice from stdin, which also
	// keeps it off the command line.
	cmd := exec.CommandContext(ctx, ctl, "--config", s.ConfigFile, "adduser", s.JID(user))
	cmd.Dir = s.Dir
	cmd.Stdin = strings.NewReader(password + "\n" + password + "\n")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	text := cleanCtlOutput(out.String())
	if strings.Contains(text, "already exists") {
		return &UserError{User: user, JID: s.JID(user), Err: ErrUserExists}
	}
	if err != nil {
		return &UserError{User: user, JID: s.JID(user), Output: text, Err: err}
	}
	return nil
}

// cleanCtlOutput drops prosodyctl's password prompts and terminal escapes.
func cleanCtlOutput(s string) string {
	s = strings.NewReplacer("\x1b[08m", "", "\x1b[00m", "", "Enter new password:", "", "Retype new password:", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
