package ui

import (
	"context"
	"time"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// Backend is everything the UI needs from outside a session: the saved
// accounts, logging in and registering. Failures a user sees are
// *errtext.Error values with one human sentence.
type Backend interface {
	// Accounts lists the saved accounts, most recently used first.
	Accounts() ([]Account, error)
	// StorageNote is one sentence that says where secrets are kept (the
	// system keyring, or memory only and why).
	StorageNote() string
	// Login connects an account. An empty Password means the stored
	// secret; a wrong one gives an *errtext.Error with Code 401.
	Login(ctx context.Context, req LoginRequest) (Session, error)
	// Register creates an account (XEP-0077), logs it in and stores its
	// credentials. stored says where the password was kept, as a sentence
	// for the user ("Saved in the system keyring.", or why it was not).
	Register(ctx context.Context, req RegisterRequest) (res xmppclient.RegisterResult, s Session, stored string, err error)
	// Logout ends a session: unavailable presence, stream closed.
	Logout(ctx context.Context, s Session) error
	// ForgetAccount removes a saved account and its stored password.
	ForgetAccount(jid string) error
}

// Account is one saved account as the welcome screen lists it.
type Account struct {
	JID      string
	Server   string // host:port override, "" for DNS
	Sandbox  bool   // registered on the local trial server
	LastUsed time.Time
	// HasSecret is false when no password is stored for it (no keyring):
	// the welcome screen then asks for one.
	HasSecret bool
}

// LoginRequest is what the log-in form (or a saved account) submits.
type LoginRequest struct {
	JID      string
	Password string // "" means the stored secret
	Server   string // optional host:port
	Remember bool   // store the password (keyring when there is one)
}

// RegisterRequest is what the registration form submits.
type RegisterRequest struct {
	Identifier string // the username wanted: ASCII alphanumeric, 1–64
	Sandbox    bool   // register on the local trial server
	Server     string // optional host:port of a real server
	Domain     string // the XMPP domain of a real server
	Meta       []xmppclient.Meta
}

// Session is the subset of *xmppclient.Client the UI calls. The methods
// have the client's exact signatures, so a *xmppclient.Client is one.
type Session interface {
	CurrentJID() string
	Status() xmppclient.Status
	Subscribe() (<-chan xmppclient.Event, func())
	Contacts() []xmppclient.Contact
	AddContact(ctx context.Context, jid, name string) error
	AcceptSubscription(ctx context.Context, jid string) error
	RefuseSubscription(ctx context.Context, jid string) error
	RemoveContact(ctx context.Context, jid string) error
	LastSeen(ctx context.Context, jid string) (xmppclient.LastActivity, error)
	SendMessage(ctx context.Context, to, body string) error
	SetPresence(ctx context.Context, show xmppclient.Show, status string) error
	GetProfile(ctx context.Context, jid string) (profile.Profile, error)
	UpdateProfile(ctx context.Context, u profile.Update) (profile.Profile, error)
	Logout(ctx context.Context) error
}
