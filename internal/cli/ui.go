package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/ui"
)

// runUI opens the terminal UI with the real backend.
func runUI(ctx context.Context, g globals, log *slog.Logger, store *keystore.Store) error {
	var debug io.Writer
	if g.debugXML != "" {
		f, err := os.OpenFile(g.debugXML, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("open the stanza log: %w", err)
		}
		defer f.Close()
		debug = f
	}
	return ui.Run(ctx, ui.Options{
		Account: g.account,
		// --server prefills the forms' Server fields.
		DefaultServer: g.server,
		// --ca is trusted for accounts that name no CA of their own.
		Backend: ui.NewBackend(ui.BackendOptions{Store: store, Logger: log, DebugXML: debug, CAFile: g.ca}),
	})
}
