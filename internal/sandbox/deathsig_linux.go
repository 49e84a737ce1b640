package sandbox

import "syscall"

// setDeathSignal has the kernel send SIGTERM to Prosody when the process
// that started it dies, so a killed test run leaves no server behind.
func setDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGTERM }
