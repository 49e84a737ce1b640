// Package app is Parley's application layer: the use cases that the
// command line (internal/cli), the terminal UI (ui, through its Backend)
// and the SSH server (internal/sshserve) share, written once. It owns
//
//   - the saved accounts: listing them and choosing the one a command acts
//     for (Choose);
//   - logging in (Open, Connect, ConnectAndSave, Login) with the password
//     typed, read from standard input (ReadPasswordLine) or stored
//     (memory, keyring, password_command), and building the
//     xmppclient.Config for it: nobody else builds one;
//   - registering (CreateAccount, Register), logging out and forgetting an
//     account (Logout, Forget), and the sentences that say where a password
//     was stored;
//   - finding the local sandbox (Sandbox), by its state directory and only
//     while its process lives;
//   - saving the own profile (SaveProfile, EditProfile): validated once,
//     the image loaded once, fields not given keeping their value; a
//     visibility given is kept with the saved account, which gives it to
//     the next log-in's client (visibility.go);
//   - chats (chats.go, send.go): a logged-in session of the UI or watch
//     comes with the account's local history (internal/history) in front
//     of the client, so every message is stored before anyone shows it and
//     shown once, an outbox sends what was typed offline, and the archive
//     fills the gap after each log-in and reconnect; the history is opened
//     on its first use (lazyhistory.go), a chat's pages and its start come
//     from chathistory.go; SendOne is one message from a one-shot command. One-shot commands (Connect,
//     ConnectAndSave) are Quiet sessions that never announce presence.
//     docs/MESSAGES.md says how the parts fit;
//   - the user's presence and idle-time settings (presence.go): SetPresence
//     and SetShareIdle apply them to a session and keep them in the saved
//     account, whose next full log-in announces the kept presence
//     (KeepPresence sets it without a session); the presence text is not
//     the profile's status (docs/PROTOCOL.md);
//   - the policy of a serve-ssh visitor (NewVisitor, OpenVisitorStore,
//     AddTrialAccount): memory-only secrets, and in demo mode the sandbox
//     and nothing else.
//   - the demo's sessions (SeedDemo, DemoConfig): internal/demo's friends
//     and presenter get their xmppclient.Config from here, pointed at the
//     sandbox like every other sandbox session (onSandbox).
//
// keystore stays the store behind it; xmppclient the protocol.
//
// # Which settings a log-in uses
//
// One precedence, for every log-in from every front end. For the account:
// the JID asked for (a command's argument, the log-in form), else
// --account, else the most recently used saved account. For each setting
// of the connection, the first of these that gives one wins:
//
//  1. what the user gave for this log-in: a field typed into a form (the
//     Server field, the CA file field, the certificate trusted on the
//     log-in screen), then a flag (--server, --ca, --trust-fingerprint,
//     --sandbox);
//  2. the saved account (its server, CA file, pinned certificate, sandbox
//     mark);
//  3. the running sandbox, for an account on it: its address and CA;
//  4. the default: the domain's SRV records and the system roots.
//
// Direct TLS (--direct-tls, XEP-0368) goes with the server it was used
// for: the account's applies only when its saved server is the one
// dialled.
//
// So `parley --server 127.0.0.1:1` with a saved sandbox account dials
// 127.0.0.1:1. The sandbox must be running only when it is to supply the
// address; a sandbox account never stores an address or a CA, since the
// sandbox may come back on another port. A successful interactive log-in
// (the UI, `parley connect`) saves the account with the settings it used;
// one-shot commands only mark it used.
package app
