package sshserve

import (
	"path/filepath"

	"github.com/parley-im/parley/internal/xdg"
)

// DefaultHostKeyPath is $XDG_DATA_HOME/parley/ssh_host_ed25519_key.
func DefaultHostKeyPath() (string, error) {
	d, err := xdg.Data()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "ssh_host_ed25519_key"), nil
}

// DefaultKeysDir is $XDG_CONFIG_HOME/parley/ssh, under which each client
// key has its own configuration directory.
func DefaultKeysDir() (string, error) {
	d, err := xdg.Config()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "ssh"), nil
}
