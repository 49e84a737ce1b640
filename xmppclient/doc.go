// Package xmppclient owns Parley's XMPP session: dialling (an explicit
// host:port or SRV), TLS with verification always on, SASL, in-band
// registration, the connection state machine with automatic reconnect, the
// roster and presence, last activity, PEP publish/fetch and a typed event
// stream that the UI and the CLI consume.
//
// It is built on mellium.im/xmpp: its stanza, disco, form, pubsub and
// roster types and mellium.im/xmlstream build what is sent, and it gives
// SASL and routing. What mellium lacks lives here, each in its own file,
// with a comment saying what is missing: finding a domain's server with
// both SRV services merged by priority and weight (srv.go) and dialling a
// custom host:port (dial.go), in-band
// registration, publish-options, reconnect and connection-state events,
// stream management (sm.go, smresume.go, smscan.go), XEP-0359 ids and
// XEP-0085 chat states (message.go, chatstate.go), registration forms
// (regform.go) and their CAPTCHAs (captcha.go: XEP-0158 with XEP-0221
// media and XEP-0231 bits of binary, which mellium's form package drops).
//
// Messages: message.go reads and sends chats (origin-id and a receipt
// request on each, bounces as failed MessageStateEvents), carbons.go
// enables XEP-0280 and reads copies, archive.go fetches XEP-0313 pages
// with mellium's history package, confirm.go sends and waits for the
// server. A Quiet Config never announces presence (one-shot commands).
// The first subscriber gets every event since New (eventbus.go), so
// nothing of a log-in is lost. Events report changes: after a reconnect
// an unchanged roster, presence or request costs none (presencesync.go).
//
// Our own presence (presence.go) carries the availability and presence
// text of the last SetPresence (Config.Show and Config.StatusText at
// log-in), never the profile's status (vCard4 NOTE); a profile update
// resends it only for a new XEP-0153 avatar hash. lastactivity.go answers
// contacts' XEP-0012 queries with the idle time since MarkActive, or
// forbidden with Config.HideIdle or SetShareIdle(false).
//
// Profile: who may see it is Config.Visibility (profile.Visibility):
// visibility.go gives each PEP node its access model, profileaccess.go
// publishes with it and reconfigures a node that has another
// (*NodeAccessError where the server refuses), vcardmirror.go writes the
// vcard-temp copy with only what the setting makes public.
//
// Contacts' profiles at log-in: the snapshot of the last log-in is
// announced at once (profilesnapshot.go), the server's burst of last PEP
// items is merged into it (profilesync.go, profilefirst.go), avatar bytes
// come from a queue of their own (avatarbytes.go), and a first log-in with
// a large roster asks for the nicknames' burst before the rest
// (namesfirst.go).
//
// Every string that arrives from the network is passed through
// profile.Sanitize before it leaves this package in an Event or a result.
//
// # Errors
//
// Callers branch with errors.Is and errors.As (errtypes.go): ErrNotConnected
// (no live session), ErrConnectionLost (the connection broke under a
// request), ErrNoTLS and ErrNoMechanism (nothing safe to log in with),
// *AuthError (the server's SASL condition), *CertificateError (why the
// server's certificate was refused), *DialError, *SessionError (the step
// of the session that failed), *RequestError (a refused or broken
// request, with the server's stanza errors kept as mellium's
// stanza.Error), *PeerError (another account's data: private,
// unpublished), *RegisterError, *NodeAccessError, profile.*LimitError and
// *PixelLimitError.
// Their messages are Go's; internal/errtext turns any of them into the
// CLI's status code and sentence.
package xmppclient
