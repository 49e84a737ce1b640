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
	// Resumed: this CONNECTED continues the stream that broke (XEP-0198):
	// nothing was lost, and nothing (presence, roster) is sent again.
	Resumed bool
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
	// Unheard marks an offline that no server sent: the contact was
	// available before a reconnect and has not said so since (see
	// presencesync.go). When it went is not known.
	Unheard bool
	// AfterBreak marks a contact's first news after a reconnect that was
	// not resumed, for a contact that was available before: the server's
	// answer to the log-in's probe. An offline then says the contact is
	// gone, not when (a restarted server would say "just now").
	AfterBreak bool
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
	Nick string // the nickname the request carried (XEP-0172), sanitised
}

// MessageEvent reports a chat message: one that came in, or one that we
// sent from another resource of the account (a carbon, Outgoing), live or
// fetched from the server's archive (Archived).
type MessageEvent struct {
	From string // bare JID of the sender
	To   string // bare JID of the recipient
	ID   string // the stanza's id attribute
	// OriginID is the sender's XEP-0359 origin-id, StanzaID the id our own
	// server's archive gave the message (XEP-0359 stanza-id by our bare
	// JID): the keys that tell a message seen twice.
	OriginID string
	StanzaID string
	Body     string // sanitised
	Time     time.Time
	Outgoing bool // sent by this account (from another resource, or archived)
	Archived bool // fetched from the archive (XEP-0313), not live
	// LocalID is the message's id in the local history, set by the history
	// in front of the client (internal/app) once it is stored; the client
	// itself leaves it empty.
	LocalID string
	// ReceiptRequested: the sender asked for a XEP-0184 receipt.
	ReceiptRequested bool
}

// Peer is the other side of the chat the message belongs to.
func (m MessageEvent) Peer() string {
	if m.Outgoing {
		return m.To
	}
	return m.From
}

// Delivery is what is known of a sent message's fate.
type Delivery string

// Delivery states of a sent message, in the order they are reached.
const (
	DeliveryPending   Delivery = "pending"   // stored, waiting for a connection
	DeliverySent      Delivery = "sent"      // written to the stream
	DeliveryAcked     Delivery = "acked"     // the server acknowledged it (XEP-0198)
	DeliveryDelivered Delivery = "delivered" // the contact's client confirmed it (XEP-0184)
	DeliveryFailed    Delivery = "failed"    // the server or the contact bounced it
)

// MessageStateEvent reports a change of a sent message's delivery state.
type MessageStateEvent struct {
	ID    string // the id the message was sent with
	Peer  string // bare JID of the recipient
	State Delivery
	// Err is the bounce of a failed message: a stanza.Error.
	Err error
}

// ChatState is a XEP-0085 chat state.
type ChatState string

// Chat states.
const (
	ChatActive    ChatState = "active"
	ChatComposing ChatState = "composing"
	ChatPaused    ChatState = "paused"
	ChatInactive  ChatState = "inactive"
	ChatGone      ChatState = "gone"
)

// ChatStateEvent reports a contact's chat state (typing…).
type ChatStateEvent struct {
	From  string // bare JID
	State ChatState
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
	// Cached: the profile as it was at the last log-in, read from disk;
	// the server's notifications may still change it.
	Cached bool
}

func (ConnectionEvent) event()          {}
func (PresenceEvent) event()            {}
func (RosterEvent) event()              {}
func (SubscriptionRequestEvent) event() {}
func (MessageEvent) event()             {}
func (MessageStateEvent) event()        {}
func (ChatStateEvent) event()           {}
func (PEPEvent) event()                 {}
func (ProfileEvent) event()             {}

// BlocklistEvent reports a JID blocked or unblocked (XEP-0191), by this
// session or by another resource of the account. An empty JID with
// Blocked false: every block was lifted.
type BlocklistEvent struct {
	JID     string // as blocked: usually a bare JID
	Blocked bool
}

func (BlocklistEvent) event() {}
