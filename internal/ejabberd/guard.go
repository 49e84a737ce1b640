package ejabberd

import (
	"fmt"
	"os/exec"
	"syscall"
)

// guardScript waits until its stdin reaches end of file, which happens
// when the process holding the other end (this one) dies, and then stops
// the node with the ejabberdctl command line it was given. A clean Stop
// kills the guard before it ever reads EOF.
const guardScript = `read -r _ || true
exec "$@" stop >/dev/null 2>&1`

// startGuard starts the guard of the node: ejabberdctl start detaches the
// Erlang VM, so unlike Prosody it would outlive a test binary killed by a
// timeout. The guard is a shell in its own process group (a terminal's
// Ctrl-C does not reach it) whose stdin is a pipe only this process holds.
func (s *Server) startGuard() error {
	s.stopGuard()
	cmd := exec.Command("/bin/sh", append([]string{"-c", guardScript, "ejabberd-guard", s.ctl}, s.ctlArgs()...)...)
	cmd.Dir = s.Dir
	cmd.Env = s.env()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	in, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("ejabberd guard: %w", err)
	}
	if err := cmd.Start(); err != nil {
		in.Close()
		return fmt.Errorf("ejabberd guard: %w", err)
	}
	s.guard, s.held = cmd, in
	return nil
}

// stopGuard ends the guard without letting it stop the node.
func (s *Server) stopGuard() {
	if s.guard == nil {
		return
	}
	_ = s.guard.Process.Kill()
	_ = s.guard.Wait()
	s.held.Close()
	s.guard, s.held = nil, nil
}
