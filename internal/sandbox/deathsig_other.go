//go:build unix && !linux

package sandbox

import "syscall"

func setDeathSignal(*syscall.SysProcAttr) {}
