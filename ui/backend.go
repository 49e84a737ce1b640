package ui

import (
	"context"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// Backend is everything the UI needs from outside a session: the saved
// accounts, logging in and registering. *app.App implements it. A failure
// is shown as errtext.Message, one human sentence.
type Backend interface {
	// Accounts lists the saved accounts, most recently used first.
	Accounts() ([]Account, error)
	// PasswordSaved reports whether a log-in of jid finds its password
	// without asking; it may read the keyring, so it is asked per
	// account after the list is shown.
	PasswordSaved(ctx context.Context, jid string) bool
	// StorageNote is one sentence that says where secrets are kept (the
	// system keyring, or memory only and why).
	StorageNote() string
	// Login connects an account. An empty Password means the stored
	// secret; a wrong one gives an error whose errtext.Code is 401.
	Login(ctx context.Context, req LoginRequest) (Session, error)
	// Register creates an account (XEP-0077), logs it in and stores its
	// credentials. stored says where the password was kept, as a sentence
	// for the user ("Saved in the system keyring.", or why it was not).
	Register(ctx context.Context, req RegisterRequest) (res xmppclient.RegisterResult, s Session, stored string, err error)
	// Logout ends a session: unavailable presence, stream closed.
	Logout(ctx context.Context, s Session) error
	// ForgetAccount removes a saved account and its stored password.
	ForgetAccount(jid string) error
	// SaveProfile validates u once, loads its image once and publishes it through s.
	SaveProfile(ctx context.Context, s Session, u profile.Update) (profile.Profile, error)
	// SetPresence announces our availability and presence text through s
	// and keeps them for the account's next log-in.
	SetPresence(ctx context.Context, s Session, show xmppclient.Show, text string) error
	// SetShareIdle says whether contacts may ask s our idle time, for
	// this session and the account's next log-ins.
	SetShareIdle(s Session, on bool) error
	// LoadImage loads a profile image for the preview, from where this
	// front end may read (a serve-ssh visitor: public URLs only).
	LoadImage(ctx context.Context, src string) (profile.Avatar, error)
}

// The UI's names for the application layer's types.
type (
	// Account is one saved account as the welcome screen lists it.
	Account = app.Account
	// LoginRequest is what the log-in form (or a saved account) submits.
	LoginRequest = app.LoginRequest
	// RegisterRequest is what the registration form submits.
	RegisterRequest = app.RegisterRequest
	// Session is the subset of *xmppclient.Client the UI calls.
	Session = app.Session
)

var _ Backend = (*app.App)(nil)
