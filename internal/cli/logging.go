package cli

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
)

// stateDir is $XDG_STATE_HOME/parley (fallback ~/.local/state/parley).
func stateDir() (string, error) {
	base := os.Getenv("XDG_STATE_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the state dir: %w", err)
		}
		base = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(base, "parley"), nil
}

// openLog opens the log file; with no place to write, logs are dropped
// rather than sent to the terminal.
func openLog() (*slog.Logger, io.Closer) {
	dir, err := stateDir()
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil)), io.NopCloser(nil)
	}
	f, err := os.OpenFile(filepath.Join(dir, "parley.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil)), io.NopCloser(nil)
	}
	return slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelInfo})), f
}
