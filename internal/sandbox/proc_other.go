//go:build !unix

package sandbox

import (
	"os"
	"syscall"
)

var (
	sigTerm = os.Kill // no SIGTERM to send
	sigKill = os.Kill
)

func procAttr(bool) *syscall.SysProcAttr { return nil }

func alive(pid int) bool {
	_, err := os.FindProcess(pid)
	return err == nil
}

func cmdline(int) (string, bool) { return "", false }
