package cli

import (
	"errors"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// app is the application layer with this command's flags. Every front
// end here but the UI ends after one command (Options.Exits).
func (e *env) app() *app.App {
	if e.a == nil {
		e.a = app.New(app.Options{
			Store: e.store,
			Given: app.Given{Account: e.g.account, Server: e.g.server, CAFile: e.g.ca, TrustFingerprint: e.g.pin, DirectTLS: e.g.direct, Sandbox: e.g.sandbox, ShareIdle: string(e.g.shareIdle),
				DropStrangers: e.g.dropStrangers},
			Logger:   e.log,
			DebugXML: e.debugXML,
			Exits:    !e.interactive,
		})
	}
	return e.a
}

// loginRequest is the log-in of account (the JID given, else --account,
// else the most recently used), with the password from standard input
// when asked.
func (e *env) loginRequest(account string, fromStdin bool) (app.LoginRequest, error) {
	req := app.LoginRequest{JID: account}
	if fromStdin || e.g.pwStdin {
		pw, err := app.ReadPasswordLine(e.stdin)
		if err != nil {
			return req, err
		}
		req.Password = pw
	}
	return req, nil
}

// withHint words a failed log-in of account (the JID given, else
// --account, else the most recently used) for a command: a missing
// password says how to give one to a command, a refused login names the
// account it tried.
func (e *env) withHint(err error, account string) error {
	if err == nil {
		return nil
	}
	jid := ""
	if acc, _, cerr := e.app().Choose(account); cerr == nil {
		jid = acc.JID
	}
	if errors.Is(err, app.ErrNoPassword) {
		return errtext.NoPasswordForCommand(err, jid)
	}
	return errtext.LoginOf(err, jid)
}

// prepare makes a client for the chosen account without connecting it, so
// that a caller can subscribe to its events first.
func (e *env) prepare(account string, fromStdin bool) (*xmppclient.Client, error) {
	req, err := e.loginRequest(account, fromStdin)
	if err != nil {
		return nil, err
	}
	c, err := e.app().Open(e.ctx, req)
	return c, e.withHint(err, account)
}

// session connects the chosen account, ready for one operation.
func (e *env) session(account string, fromStdin bool) (*xmppclient.Client, error) {
	req, err := e.loginRequest(account, fromStdin)
	if err != nil {
		return nil, err
	}
	c, err := e.app().Connect(e.ctx, req)
	return c, e.withHint(err, account)
}
