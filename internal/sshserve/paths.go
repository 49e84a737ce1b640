package sshserve

import (
	"fmt"
	"os"
	"path/filepath"
)

// xdgDir is $env (when absolute, as the XDG spec asks) or ~/fallback.
func xdgDir(env, fallback string) (string, error) {
	if d := os.Getenv(env); filepath.IsAbs(d) {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the home directory for %s: %w", env, err)
	}
	return filepath.Join(home, fallback), nil
}

// DefaultHostKeyPath is $XDG_DATA_HOME/parley/ssh_host_ed25519_key.
func DefaultHostKeyPath() (string, error) {
	d, err := xdgDir("XDG_DATA_HOME", filepath.Join(".local", "share"))
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "parley", "ssh_host_ed25519_key"), nil
}

// DefaultKeysDir is $XDG_CONFIG_HOME/parley/ssh, under which each client
// key has its own configuration directory.
func DefaultKeysDir() (string, error) {
	d, err := xdgDir("XDG_CONFIG_HOME", ".config")
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "parley", "ssh"), nil
}
