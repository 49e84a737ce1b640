package cli

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/parley-im/parley/internal/xdg"
)

// openLog opens the log file; with no place to write, logs are dropped
// rather than sent to the terminal.
func openLog() (*slog.Logger, io.Closer) {
	dir, err := xdg.State()
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
