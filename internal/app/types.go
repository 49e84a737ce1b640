package app

import (
	"time"

	"github.com/parley-im/parley/xmppclient"
)

// Account is one saved account as a front end lists it.
type Account struct {
	JID      string
	Server   string // host:port override, "" for DNS
	Sandbox  bool   // registered on the local trial server
	LastUsed time.Time
	// HasSecret is false when no password is stored for it (no keyring):
	// the welcome screen then asks for one.
	HasSecret bool
}

// LoginRequest is what a log-in form, a saved account or a command
// submits.
type LoginRequest struct {
	// JID is the account; "" means --account, else the most recently used.
	JID string
	// Password was typed or read from standard input; "" means the stored
	// secret.
	Password string
	// Server is a host:port the user typed for this log-in; it wins over
	// --server and the saved account.
	Server string
	// CAFile is a CA file (PEM) the user typed for this log-in; it wins
	// over --ca and the saved account, and a successful log-in saves it.
	CAFile string
	// Remember stores Password (in the keyring when there is one).
	Remember bool
	// TrustFingerprint is a certificate fingerprint the user chose to trust
	// for this log-in (the log-in screen's "trust this certificate"); it
	// wins over --trust-fingerprint and the saved pin, and a successful
	// log-in saves it.
	TrustFingerprint string
}

// RegisterRequest is what the registration form or `parley register`
// submits.
type RegisterRequest struct {
	Identifier string // the username wanted: ASCII alphanumeric, 1–64
	Sandbox    bool   // register on the local trial server
	Server     string // optional host:port of a real server
	CAFile     string // optional CA file (PEM) typed for it; wins over --ca
	Domain     string // the XMPP domain of a real server
	Meta       []xmppclient.Meta
	// Fields answer the server's registration form (XEP-0004), by var; a
	// multi-valued field takes its values one a line.
	Fields map[string]string
}
