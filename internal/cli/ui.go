package cli

import (
	"os"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/ui"
	"github.com/parley-im/parley/xmppclient"
)

// runUI opens the terminal UI on the application layer, which gets the
// global flags: --server, --direct-tls, --ca and --sandbox apply to the UI's log-ins
// and registrations exactly as to a command's (see the app package).
func runUI(e *env) error {
	if e.g.debugXML != "" {
		f, err := openDebugXML(e.g.debugXML)
		if err != nil {
			return err
		}
		defer f.Close()
		e.debugXML = f
	}
	a := e.app()
	if a.NeedsSystemRoots() {
		// The UI logs in within moments; the system roots load meanwhile.
		xmppclient.PreloadTrust()
	}
	opts := ui.Options{
		Account: e.g.account,
		// --server also prefills the forms' Server fields.
		DefaultServer: e.g.server,
		Backend:       a,
		Avatars:       e.g.avatars,
	}
	if path := os.Getenv(frameLogEnv); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return errtext.Wrap(errtext.BadRequest, err, "Cannot write the frame log %s (%s): %v.", path, frameLogEnv, err)
		}
		defer f.Close()
		opts.FrameTimes = f
	}
	return ui.Run(e.ctx, opts)
}

// frameLogEnv names a file that gets, when the UI ends, how long its
// frames took (for internal/bench; see ui/frametimes.go).
const frameLogEnv = "PARLEY_FRAME_LOG"
