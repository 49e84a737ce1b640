package e2e

import (
	"regexp"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// TestRegisterUIAnswersACaptcha registers through the UI on an ejabberd
// whose registration asks for a CAPTCHA, reached with the server's CA
// typed into the form's CA file field: the first attempt draws the image
// above the focused answer field; a wrong answer says so and keeps the
// form; the right one makes the account, and a plain client logs in with
// the credentials shown.
func TestRegisterUIAnswersACaptcha(t *testing.T) {
	testenv.RequireBinary(t, "tmux")
	e := testenv.CaptchaEjabberd(t)
	env := append(isolatedEnv(t, t.TempDir()), "COLORTERM=truecolor")
	tm := testenv.StartTmux(t, termW, 40, env, testenv.Binary(t))
	user := unique(t, "cap")
	tm.WaitFor(`Welcome! Create a new account(?s:.*)▸  Create an account`, step)
	tm.Keys("Enter")
	tm.WaitFor(`▸ User name`, step)
	tm.Type(user)
	tm.Keys("Tab", "Space", "Tab")
	tm.Type(e.Domain)
	tm.Keys("Tab")
	tm.Type(e.Addr)
	tm.Keys("Tab")
	tm.Type(e.CAFile)
	tm.Keys("C-s")
	tm.WaitFor(`(?s)▀▀▀.*Cannot read it\? Open http://.*▸ CAPTCHA \*.*in the image above`, step)

	tm.Type("wrong")
	tm.Keys("C-s")
	tm.WaitFor(`(?s)▀▀▀.*▸ CAPTCHA \*\s+wrong.*✗ The server refused that answer`, step)
	tm.Keys("C-u")
	tm.Type(e.Text(t))
	tm.Keys("C-s")
	screen := tm.WaitFor(`Your account is ready(?s:.*)continue to your contacts`, step)
	a := account{jid: field(t, screen, "JID"), password: field(t, screen, "Password")}
	if a.jid != user+"@"+e.Domain {
		t.Fatalf("the credentials screen shows another account than %s:\n%s", user, screen)
	}
	tm.Keys("Enter")
	tm.WaitFor(`(?s)Contacts .*● CONNECTED\s+`+regexp.QuoteMeta(a.jid), step)
	c := xmppclient.New(xmppclient.Config{JID: a.jid, Password: a.password, Server: e.Addr, CAFile: e.CAFile, Timeout: 10 * time.Second, Quiet: true})
	ctx := testenv.Context(t, 30*time.Second)
	if err := c.Connect(ctx); err != nil {
		t.Fatalf("log in with the credentials the UI showed: %v", err)
	}
	_ = c.Logout(ctx)
}
