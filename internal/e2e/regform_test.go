package e2e

import (
	"regexp"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// TestRegisterUIDrawsTheServersField registers through the UI on a
// sandbox whose registration form asks for a required e-mail: the first
// attempt draws the field, marked and explained; filled in, the account
// is made, and a plain client logs in with the credentials shown.
func TestRegisterUIDrawsTheServersField(t *testing.T) {
	w := newWorld(t, testenv.RegistrationFields("email+"))
	tm := w.startUI()
	user := unique(t, "form")
	tm.WaitFor(`Welcome! Create a new account(?s:.*)▸  Create an account`, step)
	tm.Keys("Enter")
	tm.WaitFor(`▸ User name`, step)
	tm.Type(user)
	tm.Keys("C-s")
	tm.WaitFor(`(?s)▸ Email \*.*✗ The server asks for this to register\.`, step)
	tm.Type("form@example.org")
	tm.Keys("C-s")
	screen := tm.WaitFor(`Your account is ready(?s:.*)continue to your contacts`, step)
	a := account{jid: field(t, screen, "JID"), password: field(t, screen, "Password")}
	if a.jid != user+"@localhost" {
		t.Fatalf("the credentials screen shows another account than %s:\n%s", user, screen)
	}
	tm.Keys("Enter")
	tm.WaitFor(`(?s)Contacts .*● CONNECTED\s+`+regexp.QuoteMeta(a.jid), step)
	c := xmppclient.New(xmppclient.Config{JID: a.jid, Password: a.password, Server: w.srv.Addr, CAFile: w.srv.CAFile, Timeout: 10 * time.Second, Quiet: true})
	ctx := testenv.Context(t, 30*time.Second)
	if err := c.Connect(ctx); err != nil {
		t.Fatalf("log in with the credentials the UI showed: %v", err)
	}
	_ = c.Logout(ctx)
}
