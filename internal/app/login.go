package app

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/xmppclient"
)

// ErrNoPassword is wrapped by a log-in's error when no password was given
// and none is stored, so that a front end can say how to give one.
var ErrNoPassword = keystore.ErrNoPassword

// login is a log-in worked out: the account chosen and its configuration,
// password included.
type login struct {
	acc   keystore.Account
	found bool // acc is saved
	cfg   xmppclient.Config
}

// plan chooses the account of req and builds its configuration.
func (a *App) plan(ctx context.Context, req LoginRequest) (login, error) {
	acc, found, err := a.Choose(req.JID)
	if err != nil {
		return login{}, err
	}
	if a.sandboxOnly && (!found || !acc.Sandbox || req.Server != "") {
		return login{}, errSandboxOnly()
	}
	cfg, err := a.config(acc, typed{server: req.Server, caFile: req.CAFile, pin: req.TrustFingerprint})
	if err != nil {
		return login{}, err
	}
	cfg.Password = req.Password
	if cfg.Password == "" {
		if cfg.Password, _, err = a.opts.Store.Password(ctx, acc.JID); err != nil {
			return login{}, err
		}
	}
	return login{acc: acc, found: found, cfg: cfg}, nil
}

// Open makes the client of req's account without connecting it, so that
// a caller can subscribe to its events first.
func (a *App) Open(ctx context.Context, req LoginRequest) (*xmppclient.Client, error) {
	l, err := a.plan(ctx, req)
	if err != nil {
		return nil, err
	}
	return xmppclient.New(l.cfg), nil
}

// Connect logs req's account in for one command and marks a saved
// account used; it saves nothing else. The session is Quiet: it never
// announces presence, so it takes no offline messages and contacts see
// nothing.
func (a *App) Connect(ctx context.Context, req LoginRequest) (*xmppclient.Client, error) {
	l, err := a.plan(ctx, req)
	if err != nil {
		return nil, err
	}
	l.cfg.Quiet = true
	c := xmppclient.New(l.cfg)
	if err := c.Connect(ctx); err != nil {
		return nil, err
	}
	a.afterLogin(l, req, false)
	return c, nil
}

// ConnectAndSave logs req's account in and saves it with the settings
// used (and req.Password when req.Remember). stored is the storage
// sentence of the password, "" when none was given. Like Connect, the
// session is Quiet.
func (a *App) ConnectAndSave(ctx context.Context, req LoginRequest) (c *xmppclient.Client, stored string, err error) {
	l, err := a.plan(ctx, req)
	if err != nil {
		return nil, "", err
	}
	l.cfg.Quiet = true
	c = xmppclient.New(l.cfg)
	if err := c.Connect(ctx); err != nil {
		return nil, "", err
	}
	return c, a.afterLogin(l, req, true), nil
}

// Login is ConnectAndSave for the UI: a failure to store the account or
// the password is not a log-in failure, since the session is up.
func (a *App) Login(ctx context.Context, req LoginRequest) (Session, error) {
	l, err := a.plan(ctx, req)
	if err != nil {
		return nil, err
	}
	s, err := a.connect(ctx, l.cfg)
	if err != nil {
		return nil, err
	}
	a.afterLogin(l, req, true)
	return a.withHistory(ctx, s), nil
}

// afterLogin records a successful log-in: with save, the account with the
// settings used and a given password to remember; otherwise only that a
// saved account was used. It returns the sentences to show.
func (a *App) afterLogin(l login, req LoginRequest, save bool) string {
	st := a.opts.Store
	if !save {
		if l.found {
			if err := st.Touch(l.acc.JID); err != nil && a.opts.Logger != nil {
				a.opts.Logger.Warn("mark the account used", "err", err)
			}
		}
		return ""
	}
	var notes []string
	if err := st.SaveAccount(saved(l.acc, l.cfg)); err != nil {
		notes = append(notes, accountNotSaved(err))
	} else {
		_ = st.Touch(l.acc.JID) // ordering only
	}
	if req.Password != "" && req.Remember {
		notes = append(notes, a.storePassword(l.acc.JID, req.Password))
	}
	return strings.Join(notes, " ")
}

// Logout ends a session: unavailable presence, stream closed.
func (a *App) Logout(ctx context.Context, s Session) error {
	if s == nil {
		return nil
	}
	return s.Logout(ctx)
}

// ForgetAccount removes a saved account and its password from wherever
// it was kept.
//
// The account's local message history goes too.
func (a *App) ForgetAccount(jid string) error {
	err := a.opts.Store.RemoveAccount(jid)
	if err != nil && !errtext.Known(err) {
		err = errtext.Wrap(errtext.Internal, err, "Could not forget %s: %v.", jid, err)
	}
	if err != nil {
		return err // not saved, bad JID: the history stays too
	}
	if herr := history.Remove(jid); herr != nil {
		return errtext.Wrap(errtext.Internal, herr, "The account is forgotten, but its message history could not be removed: %v.", herr)
	}
	return nil
}

// ReadPasswordLine reads a password from the first line of r (standard
// input with --password-stdin).
func ReadPasswordLine(r io.Reader) (string, error) {
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
