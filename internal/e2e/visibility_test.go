package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/testenv"
)

// TestProfileVisibilityFromTheEditor sets "mixed" in the profile editor
// of the real binary: the row and its note show it, the save opens the
// nickname to a stranger (a second account, no contact) while the
// e-mail stays hidden from him, and the account keeps the setting on
// disk for the next start.
func TestProfileVisibilityFromTheEditor(t *testing.T) {
	w := newWorld(t)
	tm := w.startUI()
	user := unique(t, "vis")
	a, _ := registerUI(t, tm, user)
	stranger := w.connect(w.newAccount())

	nick, email := "Vis "+unique(t, ""), user+"@example.org"
	tm.Keys("e")
	tm.WaitFor(`(?s)Edit your profile.*▸ Name\s+`+q(user), step)
	tm.Keys("C-u")
	tm.Type(nick)
	tm.Keys("Tab", "Tab", "Tab", "Tab")
	tm.WaitFor(`▸ E-mail`, step)
	tm.Type(email)
	tm.Keys("Tab")
	tm.WaitFor(`▸ Visible to\s+‹ contacts: all for contacts only ›`, step)
	tm.Keys("Space")
	tm.WaitFor(`(?s)▸ Visible to\s+‹ mixed: name and picture for all ›.*Older clients \(vcard-temp\) show everyone your name and picture`, step)
	tm.Keys("C-s")
	tm.WaitFor(`Profile published\.`, step)

	ctx := testenv.Context(t, step)
	p, err := stranger.c.GetProfile(ctx, a.jid)
	if err != nil || p.Nickname != nick || p.Email != "" || p.MobileNumber != "" {
		t.Fatalf("the stranger reads %+v (%v), want the nickname only", p, err)
	}
	data, err := os.ReadFile(filepath.Join(lookup(w.env, "XDG_CONFIG_HOME"), "parley", "accounts.json"))
	if err != nil || !strings.Contains(string(data), `"profile_visibility": "mixed"`) {
		t.Fatalf("the saved account does not keep the setting (%v):\n%s", err, data)
	}
}
