package cli

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/demo"
	"github.com/parley-im/parley/ui"
)

// demoTrial is the demo's trial account as the UI offers to keep it: Keep
// saves it in the user's own account list (user's store, app.KeepTrial)
// and reports that it was kept.
func demoTrial(user *app.App, p demo.Presenter, kept *atomic.Bool) *ui.Trial {
	return &ui.Trial{Keep: func(context.Context) (string, error) {
		said, err := user.KeepTrial(p)
		if err == nil {
			kept.Store(true)
		}
		return said, err
	}}
}

// demoGoodbye is what the demo says on the way out: whether the trial
// account was forgotten, and that the sandbox still runs.
func demoGoodbye(p demo.Presenter, kept bool, addr string) string {
	out := ""
	if !kept {
		out = fmt.Sprintf("The trial account %s was throwaway and is forgotten now (k in the demo keeps one).\n", p.JID)
	}
	return out + fmt.Sprintf("The sandbox still runs at %s: 'parley sandbox stop' stops it.\n", addr)
}
