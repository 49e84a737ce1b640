//go:build unix

package sandbox

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"syscall"
)

var (
	sigTerm = syscall.SIGTERM
	sigKill = syscall.SIGKILL
)

// procAttr puts Prosody in its own process group, or for a detached
// sandbox in its own session, so terminal signals aimed at the caller do
// not reach it and Stop can signal the group.
func procAttr(detached bool) *syscall.SysProcAttr {
	if detached {
		return &syscall.SysProcAttr{Setsid: true}
	}
	a := &syscall.SysProcAttr{Setpgid: true}
	setDeathSignal(a)
	return a
}

// alive reports whether pid exists and is not a zombie.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	if err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	stat, rerr := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if rerr != nil {
		return true // no procfs: trust kill
	}
	// "pid (comm) S ...": the state follows the last ')'.
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) {
		return stat[i+2] != 'Z'
	}
	return true
}

// cmdline returns the command line of pid with arguments joined by spaces;
// ok is false when the system does not say.
func cmdline(pid int) (string, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		if _, serr := os.Stat("/proc/self/cmdline"); serr == nil {
			return "", true // procfs works, so pid is gone
		}
		return "", false
	}
	return string(bytes.ReplaceAll(b, []byte{0}, []byte{' '})), true
}
