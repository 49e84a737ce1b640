package app

import (
	"context"
	"io"
	"log/slog"
	"strings"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
	"mellium.im/xmpp/jid"
)

// Given are the settings the user gave on the command line for this run.
// They win over the saved account (see the package doc).
type Given struct {
	Account string // --account JID
	Server  string // --server HOST:PORT
	CAFile  string // --ca FILE
	// TrustFingerprint is --trust-fingerprint FP: the server certificate's
	// SHA-256 to trust although no CA vouches for it.
	TrustFingerprint string
	// DirectTLS is --direct-tls: TLS from the first byte (XEP-0368) to
	// the explicit server.
	DirectTLS bool
	Sandbox   bool // --sandbox
	// ShareIdle is --share-idle: "on" or "off" answer contacts' idle-time
	// queries or refuse them, "" keeps the account's setting.
	ShareIdle string
	// DropStrangers is --stranger-messages drop: messages from anyone not
	// on the roster are dropped by the client, never stored nor shown
	// (the default shows them as message requests).
	DropStrangers bool
}

// Options configure New.
type Options struct {
	// Store keeps the accounts and their passwords. Required.
	Store *keystore.Store
	// Given are the run's flags.
	Given Given
	// SandboxDir is where the local trial server keeps its state; ""
	// means sandbox.DefaultDir().
	SandboxDir string
	// Logger, DebugXML and AvatarCacheDir go into every
	// xmppclient.Config.
	Logger         *slog.Logger
	DebugXML       io.Writer
	AvatarCacheDir string
	// NoHistory keeps chats in memory only (serve-ssh visitors: their
	// messages are not written to the server's disk).
	NoHistory bool
	// Images says where a profile image may come from: a serve-ssh
	// visitor's never from the server's files or its network.
	Images profile.Sources
	// Exits is set by a front end that ends after one command (the CLI):
	// nothing is kept in memory for a next time, so the storage
	// sentences say how to give the password to the next command.
	Exits bool
}

// App runs the use cases for one front end.
type App struct {
	opts Options
	// sandboxOnly is the demo visitor's policy: log in and register on the
	// sandbox only.
	sandboxOnly bool
	// connect logs a configured client in; tests replace it with a fake.
	connect func(ctx context.Context, cfg xmppclient.Config) (Session, error)
}

// New returns the App of a front end.
func New(opts Options) *App {
	return &App{opts: opts, connect: connectClient}
}

func connectClient(ctx context.Context, cfg xmppclient.Config) (Session, error) {
	c := xmppclient.New(cfg)
	if err := c.Connect(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// StorageNote is one sentence that says where secrets are kept (the
// system keyring, or memory only and why).
func (a *App) StorageNote() string { return a.opts.Store.Describe() }

// Accounts lists the saved accounts, most recently used first. A secret
// counts as stored when a keyring is reachable or the account has a
// password command (a keyring is not read here: it may ask to be
// unlocked).
func (a *App) Accounts() ([]Account, error) {
	list, err := a.opts.Store.Accounts()
	if err != nil {
		return nil, err
	}
	keyring, _ := a.opts.Store.Keyring()
	out := make([]Account, 0, len(list))
	for _, acc := range list {
		out = append(out, Account{
			JID: acc.JID, Server: acc.Server, Sandbox: acc.Sandbox, LastUsed: acc.LastUsed,
			HasSecret: keyring || acc.PasswordCommand != "",
		})
	}
	return out, nil
}

// NeedsSystemRoots reports whether the log-in of --account (the UI's, at
// start) goes to a server that only the system roots can vouch for: no
// CA file, given or saved, and not the sandbox. The caller can load the
// roots meanwhile.
func (a *App) NeedsSystemRoots() bool {
	g := a.opts.Given
	if g.Account == "" || g.CAFile != "" || g.TrustFingerprint != "" || g.Sandbox {
		return false
	}
	acc, found, err := a.opts.Store.Account(g.Account)
	return err == nil && (!found || !acc.Sandbox && acc.CAFile == "" && acc.TrustFingerprint == "")
}

// Choose picks the account a log-in acts for: jid, else --account, else
// the most recently used saved account. found is false for an account
// not saved yet (its JID is set, the rest empty).
func (a *App) Choose(jid string) (acc keystore.Account, found bool, err error) {
	want := firstOf(jid, a.opts.Given.Account)
	if want != "" {
		bare, err := BareJID(want)
		if err != nil {
			return keystore.Account{}, false, err
		}
		acc, found, err := a.opts.Store.Account(bare)
		if err != nil {
			return keystore.Account{}, false, errtext.Wrap(errtext.Internal, err, "Cannot read the saved accounts: %v.", err)
		}
		if !found {
			acc = keystore.Account{JID: bare}
		}
		return acc, found, nil
	}
	list, err := a.opts.Store.Accounts()
	if err != nil {
		return keystore.Account{}, false, errtext.Wrap(errtext.Internal, err, "Cannot read the saved accounts: %v.", err)
	}
	if len(list) == 0 {
		return keystore.Account{}, false, errtext.New(errtext.BadRequest, "No account yet: register one with 'parley register NAME --sandbox' or log in with 'parley connect JID --password-stdin'.")
	}
	return list[0], true, nil
}

// BareJID parses s with mellium's jid package and returns its bare form
// (resource dropped, case folded): the one JID check of every front end.
func BareJID(s string) (string, error) { return keystore.NormalizeJID(s) }

// SplitJID gives the user name and the domain of an address as mellium's
// jid package reads them; for text that is no address yet (a log-in form
// being typed) it splits at the first '@', as a JID is split.
func SplitJID(s string) (local, domain string) {
	if j, err := jid.Parse(strings.TrimSpace(s)); err == nil {
		return j.Localpart(), j.Domainpart()
	}
	local, domain, _ = strings.Cut(s, "@")
	return local, domain
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
