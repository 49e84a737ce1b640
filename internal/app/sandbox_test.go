package app

import (
	"errors"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/sandbox"
)

func TestSandboxFoundOnlyWhileItsProcessLives(t *testing.T) {
	live := sandboxDir(t, true)
	a, _ := newTestApp(t, Given{}, live.dir)
	srv, err := a.Sandbox()
	if err != nil || srv.Addr != live.addr || srv.CAFile != live.ca {
		t.Fatalf("live sandbox: %+v, %v", srv, err)
	}

	for name, dir := range map[string]string{"dead pid": sandboxDir(t, false).dir, "no state file": t.TempDir()} {
		a, _ := newTestApp(t, Given{}, dir)
		srv, err := a.Sandbox()
		if srv != nil || errtext.Code(err) != errtext.Unavailable || !errors.Is(err, sandbox.ErrNotRunning) ||
			!strings.Contains(errtext.Message(err), "parley sandbox start") {
			t.Errorf("%s: %+v, code %d, %v", name, srv, errtext.Code(err), err)
		}
	}
}
