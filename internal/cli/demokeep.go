package cli

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/parley-im/parley/internal/demo"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/ui"
)

// demoTrial is the demo's trial account as the UI offers to keep it: Keep
// saves it in the user's own account list (st), its password in the
// keyring or, where there is none, shown once in the sentence returned.
func demoTrial(st *keystore.Store, p demo.Presenter, kept *atomic.Bool) *ui.Trial {
	return &ui.Trial{Keep: func(context.Context) (string, error) {
		if err := st.SaveAccount(keystore.Account{JID: p.JID, Sandbox: true}); err != nil {
			return "", errtext.Wrap(errtext.Internal, err, "Could not keep the trial account %s: %v.", p.JID, err)
		}
		kept.Store(true)
		where, err := st.SavePassword(p.JID, p.Password)
		if err != nil || where != keystore.StorageKeyring {
			return fmt.Sprintf("Kept %s as a saved account, but no keyring holds its password: note it now, it is not shown again: %s", p.JID, p.Password), nil
		}
		return fmt.Sprintf("Kept %s: the account is saved and its password is in the keyring; 'parley' logs in with it while the sandbox runs.", p.JID), nil
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
