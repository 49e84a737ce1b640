package app

import (
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/sandbox"
)

// Sandbox returns the running local trial server, or a 503 that says how
// to start it. A state file whose process is gone counts as not running:
// its port would be dead.
func (a *App) Sandbox() (*sandbox.Server, error) {
	dir := a.opts.SandboxDir
	if dir == "" {
		d, err := sandbox.DefaultDir()
		if err != nil {
			return nil, errtext.Wrap(errtext.Internal, err, "Cannot find the sandbox directory: %v.", err)
		}
		dir = d
	}
	running, srv, err := sandbox.StatusDir(dir)
	if err != nil {
		return nil, errtext.Wrap(errtext.Unavailable, err, "The local sandbox server cannot be found (%s); start it with 'parley sandbox start'.", errtext.Message(err))
	}
	if !running {
		return nil, errtext.Wrap(errtext.Unavailable, sandbox.ErrNotRunning, "The local sandbox server is not running; start it with 'parley sandbox start'.")
	}
	return srv, nil
}
