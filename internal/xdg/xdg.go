package xdg

import (
	"fmt"
	"os"
	"path/filepath"
)

// app is the folder Parley uses under every base directory.
const app = "parley"

// Config is $XDG_CONFIG_HOME/parley, else ~/.config/parley.
func Config() (string, error) { return dir("XDG_CONFIG_HOME", ".config") }

// Data is $XDG_DATA_HOME/parley, else ~/.local/share/parley.
func Data() (string, error) { return dir("XDG_DATA_HOME", filepath.Join(".local", "share")) }

// State is $XDG_STATE_HOME/parley, else ~/.local/state/parley.
func State() (string, error) { return dir("XDG_STATE_HOME", filepath.Join(".local", "state")) }

// Cache is $XDG_CACHE_HOME/parley, else ~/.cache/parley.
func Cache() (string, error) { return dir("XDG_CACHE_HOME", ".cache") }

// dir is $env/parley when $env is absolute, else ~/fallback/parley.
func dir(env, fallback string) (string, error) {
	if d := os.Getenv(env); filepath.IsAbs(d) {
		return filepath.Join(d, app), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the home directory for %s: %w", env, err)
	}
	if !filepath.IsAbs(home) {
		return "", fmt.Errorf("find the home directory for %s: $HOME %q is not absolute", env, home)
	}
	return filepath.Join(home, fallback, app), nil
}
