// Package ui is Parley's interactive terminal interface, built on Bubble Tea
// v2: a welcome screen with the saved accounts, registration (with the
// generated credentials shown once), log in, the contact list with
// presence, last-seen times and subscription requests, profile view and
// edit with half-block avatars, 1:1 chat, a status bar with the connection
// state, a help overlay and a slash command line.
//
// Run is the only entry point. Everything the UI needs from the outside is
// behind the Backend and Session interfaces (backend.go), so the screens
// can be tested with fakes; *app.App (internal/app) implements Backend for
// the real program.
//
// Layout of the package: one root model (model.go) routes messages to
// screens, which are plain structs with update and view methods (one file
// each); styles.go, keymap.go and statusbar.go are shared by all of them.
// Network I/O happens only inside tea.Cmds; session events are pumped into
// the program with Program.Send (events.go). Every string that came from the
// network goes through profile.Sanitize before it is drawn, and every cell
// is measured by display width (text.go).
package ui
