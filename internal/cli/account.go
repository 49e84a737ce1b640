package cli

import (
	"errors"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// app is the application layer with this command's flags.
func (e *env) app() *app.App {
	if e.a == nil {
		e.a = app.New(app.Options{
			Store: e.store,
			Given: app.Given{Account: e.g.account, Server: e.g.server, CAFile: e.g.ca, TrustFingerprint: e.g.pin, Sandbox: e.g.sandbox,
				DropStrangers: e.g.dropStrangers},
			Logger:   e.log,
			DebugXML: e.debugXML,
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

// withHint adds to a missing password how to give one on the command line.
func (e *env) withHint(err error, account string) error {
	if !errors.Is(err, app.ErrNoPassword) {
		return err
	}
	if account == "" {
		account = "JID"
	}
	return errtext.Wrap(errtext.Unauthorized, err, "%s Run 'parley connect %s --password-stdin'.", errtext.Message(err), account)
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
