//go:build !unix

package keystore

import "os/exec"

// killGroupOnCancel: without process groups only sh itself is killed.
func killGroupOnCancel(*exec.Cmd) {}
