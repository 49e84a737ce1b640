package sandbox

import (
	"os"
	"time"
)

// Stop ends Prosody: SIGTERM, then SIGKILL if it has not exited within a
// bound. Stopping a stopped server is not an error. A detached sandbox's
// state file is removed.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopLocked()
}

func (s *Server) stopLocked() error {
	defer s.removeState()
	p := s.proc
	s.proc = nil
	var exited func() bool
	switch {
	case p != nil:
		exited = p.exited
	case s.pid != 0 && alive(s.pid) && s.ours(s.pid):
		exited = func() bool { return !alive(s.pid) }
	default:
		return nil
	}
	// os.Process (a pidfd on Linux) never signals a recycled pid.
	var proc *os.Process
	if p != nil {
		proc = p.cmd.Process
	} else if proc, _ = os.FindProcess(s.pid); proc == nil {
		return nil
	}
	if exited() {
		return nil
	}
	logOff := fileSize(s.LogFile)
	proc.Signal(sigTerm)
	// Prosody logs shutdownDone once its data is saved, then idles about a
	// second in its event loop before it exits: cut that short.
	if waitFor(stopLimit, func() bool {
		if exited() {
			return true
		}
		if logContains(s.LogFile, logOff, shutdownDone) {
			proc.Signal(sigKill)
		}
		return false
	}) {
		return nil
	}
	proc.Signal(sigKill)
	if waitFor(killLimit, exited) {
		return nil
	}
	return &DirError{Dir: s.Dir, PID: s.pid, Err: ErrNotExited}
}

// waitFor polls cond until it holds (true) or d passes (false).
func waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(pollInterval)
	}
	return true
}
