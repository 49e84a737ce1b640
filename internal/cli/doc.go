// Package cli is Parley's command line: `parley` with no command opens the
// terminal UI; `parley <command>` runs one operation non-interactively and
// prints the SDK-shaped JSON response {statusCode, message, data} (see
// README.md), exiting non-zero on failure. It also launches the local
// sandbox server. A command parses its flags and prints its result; the
// use cases behind it (which account, log-in, registration, storing
// credentials, the profile merge) are internal/app's. Logs go to a file
// under XDG_STATE_HOME, never to stdout.
package cli
