// Package sandbox runs Prosody as a throwaway XMPP server on loopback, for
// integration tests and for the `parley sandbox start|stop|status` command.
//
// Everything a sandbox needs lives in one directory: a self-signed
// certificate made in Go (which doubles as the CA file a client trusts), the
// generated Prosody config, Prosody's data, pid and log files, and for a
// detached sandbox a JSON state file. Start runs Prosody as a child of the
// calling process; StartDetached leaves it running in its own session after
// the caller exits, and Load, StatusDir and StopDir find it again by
// directory.
//
// Prosody must be installed (`sudo apt-get install prosody`); Find reports
// ErrProsodyMissing otherwise.
package sandbox
