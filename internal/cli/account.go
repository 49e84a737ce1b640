package cli

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/xmppclient"
)

// runningSandbox returns the sandbox server started by `parley sandbox
// start`, or a 503 that says how to start it.
func runningSandbox() (*sandbox.Server, error) {
	dir, err := sandbox.DefaultDir()
	if err != nil {
		return nil, errtext.Wrap(errtext.Internal, err, "Cannot find the sandbox directory: %v.", err)
	}
	running, srv, err := sandbox.StatusDir(dir)
	if err != nil || !running {
		return nil, errtext.New(errtext.Unavailable, "The local sandbox server is not running; start it with 'parley sandbox start'.")
	}
	return srv, nil
}

// chooseAccount picks the account a command acts for: the JID given, else
// --account, else the most recently used saved account.
func (e *env) chooseAccount(given string) (keystore.Account, error) {
	want := given
	if want == "" {
		want = e.g.account
	}
	if want != "" {
		bare, err := keystore.NormalizeJID(want)
		if err != nil {
			return keystore.Account{}, err
		}
		acct, ok, err := e.store.Account(bare)
		if err != nil {
			return keystore.Account{}, errtext.Wrap(errtext.Internal, err, "Cannot read the saved accounts: %v.", err)
		}
		if !ok {
			acct = keystore.Account{JID: bare}
		}
		return acct, nil
	}
	accts, err := e.store.Accounts()
	if err != nil {
		return keystore.Account{}, errtext.Wrap(errtext.Internal, err, "Cannot read the saved accounts: %v.", err)
	}
	if len(accts) == 0 {
		return keystore.Account{}, errtext.New(errtext.BadRequest, "No account yet: register one with 'parley register NAME --sandbox' or log in with 'parley connect JID --password-stdin'.")
	}
	return accts[0], nil
}

// clientConfig merges the saved account with the flags; flags win.
func (e *env) clientConfig(acct keystore.Account) (xmppclient.Config, error) {
	cfg := xmppclient.Config{JID: acct.JID, Server: acct.Server, CAFile: acct.CAFile, Sandbox: acct.Sandbox, Logger: e.log}
	if e.g.sandbox || acct.Sandbox {
		srv, err := runningSandbox()
		if err != nil {
			return cfg, err
		}
		cfg.Server, cfg.CAFile, cfg.Sandbox = srv.Addr, srv.CAFile, true
	}
	if e.g.server != "" {
		cfg.Server = e.g.server
	}
	if e.g.ca != "" {
		cfg.CAFile = e.g.ca
	}
	if e.g.debugXML != "" {
		f, err := os.OpenFile(e.g.debugXML, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return cfg, errtext.Wrap(errtext.BadRequest, err, "Cannot open the stanza log %s: %v.", e.g.debugXML, err)
		}
		cfg.DebugXML = f // closed at process exit
	}
	return cfg, nil
}

// readPasswordLine reads the password from the first line of r.
func readPasswordLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", errtext.Wrap(errtext.BadRequest, err, "Cannot read the password from standard input: %v.", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errtext.New(errtext.BadRequest, "No password on standard input.")
	}
	return pw, nil
}

// password finds the account's password: stdin when asked, else the
// keystore (memory, keyring, password command).
func (e *env) password(acct keystore.Account, fromStdin bool) (string, error) {
	if fromStdin || e.g.pwStdin {
		return readPasswordLine(e.stdin)
	}
	pw, _, err := e.store.Password(e.ctx, acct.JID)
	if errors.Is(err, keystore.ErrNoPassword) {
		return "", errtext.New(errtext.Unauthorized, "No password is stored for %s (%s) Run 'parley connect %s --password-stdin'.", acct.JID, e.store.Describe(), acct.JID)
	}
	if err != nil {
		return "", errtext.Wrap(errtext.Unauthorized, err, "Cannot read the password of %s: %v.", acct.JID, err)
	}
	return pw, nil
}

// prepare makes a client for the chosen account without connecting it, so
// that a caller can subscribe to its events first.
func (e *env) prepare(given string, fromStdin bool) (*xmppclient.Client, keystore.Account, error) {
	acct, err := e.chooseAccount(given)
	if err != nil {
		return nil, acct, err
	}
	cfg, err := e.clientConfig(acct)
	if err != nil {
		return nil, acct, err
	}
	if cfg.Password, err = e.password(acct, fromStdin); err != nil {
		return nil, acct, err
	}
	return xmppclient.New(cfg), acct, nil
}

// session connects the chosen account, ready for one operation.
func (e *env) session(given string, fromStdin bool) (*xmppclient.Client, keystore.Account, error) {
	c, acct, err := e.prepare(given, fromStdin)
	if err != nil {
		return nil, acct, err
	}
	if err := c.Connect(e.ctx); err != nil {
		return nil, acct, err
	}
	if err := e.store.Touch(acct.JID); err != nil {
		e.log.Warn("touch account", "err", err)
	}
	return c, acct, nil
}
