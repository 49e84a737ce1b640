package cli

import (
	"context"
	"log/slog"

	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/ui"
)

// runUI opens the terminal UI on the application layer, which gets the
// global flags: --server, --ca and --sandbox apply to the UI's log-ins
// and registrations exactly as to a command's (see the app package).
func runUI(ctx context.Context, g globals, log *slog.Logger, store *keystore.Store) error {
	e := &env{ctx: ctx, g: g, log: log, store: store}
	if g.debugXML != "" {
		f, err := openDebugXML(g.debugXML)
		if err != nil {
			return err
		}
		defer f.Close()
		e.debugXML = f
	}
	return ui.Run(ctx, ui.Options{
		Account: g.account,
		// --server also prefills the forms' Server fields.
		DefaultServer: g.server,
		Backend:       e.app(),
	})
}
