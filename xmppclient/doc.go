// Package xmppclient owns Parley's XMPP session: dialling (an explicit
// host:port or SRV), TLS with verification always on, SASL, in-band
// registration, the connection state machine with automatic reconnect, the
// roster and presence, last activity, PEP publish/fetch and a typed event
// stream that the UI and the CLI consume.
//
// It is built on mellium.im/xmpp, which gives stanzas, SASL and routing but
// no dialling to a custom port, no in-band registration, no reconnect and no
// connection state callbacks; those live here, each in its own file.
//
// Every string that arrives from the network is passed through
// profile.Sanitize before it leaves this package in an Event or a result.
package xmppclient
