// Package sshserve serves the Parley terminal UI over SSH (charm.land/wish
// v2): every SSH session runs its own Bubble Tea program (ui.New, run by
// wish's Bubble Tea middleware, which sends it the client's window changes)
// and its own XMPP session; ui.Program.Finish logs out when it ends.
//
// Clients log in with a public key. Normally only the keys of an
// authorized_keys file are let in; each key gets its own account list
// (under $XDG_CONFIG_HOME/parley/ssh/<SHA-256 of the key>) and its
// passwords are kept in memory only, so two keys never see each other's
// accounts. In demo mode any key is let in, but only to the local
// sandbox: each session gets a fresh trial account, befriended with the
// demo friends, and cannot log in or register anywhere else. That policy
// is internal/app's (NewVisitor, OpenVisitorStore, AddTrialAccount); this
// package serves SSH and runs the UI on it.
//
// The host key is made on first start (ed25519) at
// $XDG_DATA_HOME/parley/ssh_host_ed25519_key.
package sshserve
