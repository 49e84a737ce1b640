package app

import (
	"context"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// Session is what a front end calls on a logged-in account. The methods
// have *xmppclient.Client's exact signatures, so a client is one, and a
// test can stand in a fake.
type Session interface {
	CurrentJID() string
	Status() xmppclient.Status
	Subscribe() (<-chan xmppclient.Event, func())
	Contacts() []xmppclient.Contact
	AddContact(ctx context.Context, jid, name string) error
	AcceptSubscription(ctx context.Context, jid string) error
	RefuseSubscription(ctx context.Context, jid string) error
	RemoveContact(ctx context.Context, jid string) error
	Block(ctx context.Context, jid string) error
	Unblock(ctx context.Context, jid string) error
	LastSeen(ctx context.Context, jid string) (xmppclient.LastActivity, error)
	SendMessage(ctx context.Context, to, body string) error
	// SendChat sends with id ("" for a fresh one) and returns the id;
	// the message's fate comes as MessageStateEvents with it.
	SendChat(ctx context.Context, to, body, id string) (string, error)
	SendChatState(ctx context.Context, to string, state xmppclient.ChatState) error
	SetPresence(ctx context.Context, show xmppclient.Show, status string) error
	GetProfile(ctx context.Context, jid string) (profile.Profile, error)
	UpdateProfile(ctx context.Context, u profile.Update) (profile.Profile, error)
	Logout(ctx context.Context) error
	// Unregister deletes the account on the server and ends the session.
	Unregister(ctx context.Context) error
	// MarkActive records user activity now (a key press), for the idle
	// time answered to XEP-0012 queries.
	MarkActive()
	// OwnPresence is the availability and presence text announced.
	OwnPresence() (xmppclient.Show, string)
	// SetShareIdle and SharesIdle: whether contacts may ask the idle time.
	SetShareIdle(on bool)
	SharesIdle() bool
	// Blocked lists the blocked JIDs (XEP-0191).
	Blocked(ctx context.Context) ([]string, error)
}

var _ Session = (*xmppclient.Client)(nil)
