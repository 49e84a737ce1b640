package xmppclient

import (
	"time"

	"github.com/parley-im/parley/profile"
)

// Status is a state of the connection state machine.
type Status string

// Connection states, as named by the SDK's connection listener.
const (
	StatusConnecting       Status = "CONNECTING"
	StatusConnected        Status = "CONNECTED"
	StatusDisconnected     Status = "DISCONNECTED"
	StatusReconnecting     Status = "RECONNECTING"
	StatusConnectionFailed Status = "CONNECTIONFAILED"
)

// Event is anything the session reports. The concrete types are below; a
// consumer switches on them.
type Event interface{ event() }

// ConnectionEvent reports a change of connection state.
type ConnectionEvent struct {
	Status Status
	// Reason says why, for DISCONNECTED, RECONNECTING and CONNECTIONFAILED,
	// in Go's words (for logs); a person is shown errtext's sentence of Err.
	Reason string
	// Err is the failure of a CONNECTIONFAILED, and the last attempt's of
	// a RECONNECTING, for errors.Is/As (an *AuthError, a
	// *CertificateError, ErrNoTLS, …).
	Err error
	// RetryAt is when the next attempt starts, for RECONNECTING.
	RetryAt time.Time
}

// Show is a contact's availability.
type Show string

// Presence values, as the SDK's presence listener names them.
const (
	ShowOnline  Show = "online"
	ShowAway    Show = "away"
	ShowDND     Show = "dnd"
	ShowXA      Show = "xa"
	ShowOffline Show = "offline"
)

// PresenceEvent reports a contact's (or our own other resource's) presence.
type PresenceEvent struct {
	From       string // bare JID
	Resource   string
	Show       Show
	StatusText string // sanitised
	// PhotoHash is the XEP-0153 vCard avatar hash, when the presence had one;
	// HasPhotoUpdate tells an absent element from an empty one.
	PhotoHash      string
	HasPhotoUpdate bool
}

// Contact is one roster entry with its aggregated presence.
type Contact struct {
	JID          string // bare JID
	Name         string // roster name, sanitised
	Subscription string // none, to, from, both
	Pending      bool   // we asked for a subscription and wait for an answer
	Show         Show
	StatusText   string
	Groups       []string
}

// RosterEvent reports a roster push: a contact added, changed or removed.
type RosterEvent struct {
	Contact Contact
	Removed bool
}

// SubscriptionRequestEvent reports someone asking to see our presence.
type SubscriptionRequestEvent struct {
	From string // bare JID
}

// MessageEvent reports an incoming chat message.
type MessageEvent struct {
	From string // bare JID
	ID   string
	Body string // sanitised
	Time time.Time
}

// PEPEvent reports a raw PEP notification (pubsub#event) for a node that no
// typed event covers. Payload is the XML of the item's child element.
type PEPEvent struct {
	From      string // bare JID of the publisher
	Node      string
	ItemID    string
	Payload   []byte
	Retracted bool
}

// ProfileEvent reports a contact's or our own profile after it changed: the
// full new profile, fetched and sanitised.
type ProfileEvent struct {
	Profile profile.Profile
}

func (ConnectionEvent) event()          {}
func (PresenceEvent) event()            {}
func (RosterEvent) event()              {}
func (SubscriptionRequestEvent) event() {}
func (MessageEvent) event()             {}
func (PEPEvent) event()                 {}
func (ProfileEvent) event()             {}
