// Package demo fills the local sandbox with demo friends and keeps them
// busy while Parley is shown to an audience.
//
// Seed registers (or, on a later run, reuses) a handful of demo contacts
// on a sandbox Prosody, logs each one in as an ordinary xmppclient
// session (configured by the application layer: Options.Config, which
// internal/app's SeedDemo fills in, since internal/app imports this
// package) and publishes a full profile for it: nickname, status, mobile
// number, e-mail and an avatar drawn by this package (no downloads). The
// contacts' passwords live in a file inside the sandbox directory, so that
// wiping the sandbox forgets them too.
//
// NewPresenter registers a fresh trial account and befriends it with every
// demo contact (the contacts accept any subscription request by
// themselves). Run then animates the contacts at a steady pace: they go
// offline and come back, change their availability and status text, now
// and then their nickname or avatar, and answer chat messages with a short
// reply. Every contact performs every kind of action within a bounded
// number of steps, which is what the tests rely on.
package demo
