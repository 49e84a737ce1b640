package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/xmppclient"
)

// BackendOptions configure NewBackend.
type BackendOptions struct {
	// Store keeps the accounts and their passwords. Required.
	Store *keystore.Store
	// SandboxDir is where the local trial server keeps its state; ""
	// means sandbox.DefaultDir().
	SandboxDir string
	// Logger and DebugXML are passed to every xmppclient.Config.
	Logger   *slog.Logger
	DebugXML io.Writer
	// AvatarCacheDir is passed to every xmppclient.Config.
	AvatarCacheDir string
	// CAFile is a PEM bundle trusted, in addition to the system roots,
	// for every server whose saved account names none (a private CA).
	CAFile string
}

// realBackend is the Backend of the parley program: accounts and
// passwords in the keystore, sessions made with xmppclient, the sandbox
// found by its state directory.
type realBackend struct{ opts BackendOptions }

// NewBackend returns the Backend that reaches real servers.
func NewBackend(opts BackendOptions) Backend { return &realBackend{opts: opts} }

func (b *realBackend) config() xmppclient.Config {
	return xmppclient.Config{Logger: b.opts.Logger, DebugXML: b.opts.DebugXML,
		AvatarCacheDir: b.opts.AvatarCacheDir, CAFile: b.opts.CAFile}
}

// Accounts lists the saved accounts. A secret counts as stored when a
// keyring is reachable or the account has a password command (a keyring
// is not read here: it may ask to be unlocked).
func (b *realBackend) Accounts() ([]Account, error) {
	list, err := b.opts.Store.Accounts()
	if err != nil {
		return nil, err
	}
	keyring, _ := b.opts.Store.Keyring()
	out := make([]Account, 0, len(list))
	for _, a := range list {
		out = append(out, Account{
			JID: a.JID, Server: a.Server, Sandbox: a.Sandbox, LastUsed: a.LastUsed,
			HasSecret: keyring || a.PasswordCommand != "",
		})
	}
	return out, nil
}

func (b *realBackend) StorageNote() string { return b.opts.Store.Describe() }

// ForgetAccount removes the account from the store and its password from
// wherever it was kept.
func (b *realBackend) ForgetAccount(jid string) error {
	err := b.opts.Store.RemoveAccount(jid)
	var ae *errtext.Error
	if err == nil || errors.As(err, &ae) {
		return err // nil, or already one sentence (not saved, bad JID)
	}
	return errtext.Wrap(errtext.Internal, err, "Could not forget %s: %v.", jid, err)
}

// sandboxServer finds the running local trial server.
func (b *realBackend) sandboxServer() (*sandbox.Server, error) {
	dir := b.opts.SandboxDir
	if dir == "" {
		d, err := sandbox.DefaultDir()
		if err != nil {
			return nil, errtext.Wrap(errtext.Internal, err, "Cannot find the sandbox directory: %v.", err)
		}
		dir = d
	}
	srv, err := sandbox.Load(dir)
	if err != nil {
		if errors.Is(err, sandbox.ErrNotRunning) {
			return nil, errtext.Wrap(errtext.Unavailable, err, "The local sandbox server is not running: start it with `parley sandbox start`.")
		}
		return nil, err
	}
	return srv, nil
}

// Login connects req.JID with req.Password, or with the stored password
// when it is empty; on success the account is saved (and the password,
// when asked to remember it).
func (b *realBackend) Login(ctx context.Context, req LoginRequest) (Session, error) {
	st := b.opts.Store
	acc, found, err := st.Account(req.JID)
	if err != nil {
		return nil, err
	}
	cfg := b.config()
	cfg.JID, cfg.Server = req.JID, req.Server
	if found {
		if cfg.Server == "" {
			cfg.Server = acc.Server
		}
		if acc.CAFile != "" {
			cfg.CAFile = acc.CAFile
		}
		cfg.Sandbox = acc.Sandbox
	}
	if cfg.Sandbox {
		srv, err := b.sandboxServer()
		if err != nil {
			return nil, err
		}
		cfg.Server, cfg.CAFile = srv.Addr, srv.CAFile
	}
	cfg.Password = req.Password
	if cfg.Password == "" {
		pw, _, err := st.Password(ctx, req.JID)
		if err != nil {
			return nil, err
		}
		cfg.Password = pw
	}
	c := xmppclient.New(cfg)
	if err := c.Connect(ctx); err != nil {
		return nil, err
	}
	save := keystore.Account{JID: req.JID, Server: req.Server, Sandbox: cfg.Sandbox}
	if found {
		save = acc
		if req.Server != "" {
			save.Server = req.Server
		}
	}
	if cfg.Sandbox {
		save.Server, save.CAFile = "", "" // looked up afresh each time
	}
	if err := st.SaveAccount(save); err == nil {
		_ = st.Touch(req.JID) // ordering only
	}
	if req.Password != "" && req.Remember {
		// Without a keyring this keeps it for the session only; either way
		// the session is up, so a storage failure is not a login failure.
		_, _ = st.SavePassword(req.JID, req.Password)
	}
	return c, nil
}

// Register creates the account, saves it and its password, and logs it
// in. When only the log in fails, the result is still returned (with the
// error) so the UI can show the credentials.
func (b *realBackend) Register(ctx context.Context, req RegisterRequest) (xmppclient.RegisterResult, Session, string, error) {
	cfg := b.config()
	if req.Sandbox {
		srv, err := b.sandboxServer()
		if err != nil {
			return xmppclient.RegisterResult{}, nil, "", err
		}
		cfg.JID, cfg.Server, cfg.CAFile, cfg.Sandbox = srv.Domain, srv.Addr, srv.CAFile, true
	} else {
		cfg.JID, cfg.Server = req.Domain, req.Server
	}
	res, err := xmppclient.Register(ctx, cfg, req.Identifier, req.Meta)
	if err != nil {
		return res, nil, "", err
	}
	st := b.opts.Store
	acc := keystore.Account{JID: res.UserJID, Server: req.Server, Sandbox: req.Sandbox}
	if req.Sandbox {
		acc.Server = ""
	}
	stored := ""
	if err := st.SaveAccount(acc); err != nil {
		stored = "The account could not be saved: " + errtext.Message(err)
	}
	storage, err := st.SavePassword(res.UserJID, res.Password)
	switch {
	case err != nil:
		stored = errtext.Message(err)
	case storage == keystore.StorageKeyring:
		stored = "The password is saved in the keyring; Parley logs you in with it next time."
	default:
		_, why := st.Keyring()
		stored = fmt.Sprintf("The password is NOT saved: no keyring is reachable (%s). It is kept in memory until you quit; write it down now.", why)
	}
	cfg.JID, cfg.Password = res.UserJID, res.Password
	c := xmppclient.New(cfg)
	if err := c.Connect(ctx); err != nil {
		return res, nil, stored, err
	}
	return res, c, stored, nil
}

// Logout ends the session.
func (b *realBackend) Logout(ctx context.Context, s Session) error {
	if s == nil {
		return nil
	}
	return s.Logout(ctx)
}
