// Package e2e holds the end-to-end tests of the real parley binary: the
// terminal UI runs in a private tmux server at a fixed size, against a
// real Prosody (a sandbox started for each test where the UI looks for
// it), with a second account driven from the test through xmppclient or a
// `parley watch` subprocess.
//
// Each test isolates HOME and the XDG directories in a temporary
// directory and unsets DBUS_SESSION_BUS_ADDRESS, so no keyring and no
// file of the user is touched. Screens are polled, never waited for with
// fixed sleeps. Without tmux or Prosody the tests skip, or fail when the
// environment variable CI is true. There is no non-test code here.
package e2e
