// Package ui is Parley's interactive terminal interface, built on Bubble Tea
// v2: a welcome screen with the saved accounts, registration (the
// server's form fields and CAPTCHA drawn, the generated credentials shown
// once), log in (both with an optional CA file), the contact list with
// presence, last-seen times and subscription requests, profile view and
// edit with avatars (pixels by the kitty graphics protocol where the
// terminal has it, kitty.go; half-blocks elsewhere, initials without
// colour), 1:1 chat, a status bar with the connection state, a help
// overlay and a slash command line.
//
// New makes a Program for one run (its tea.Program, and Finish, which logs
// out when the program has ended); Run is the thin wrapper for a local
// terminal, and serve-ssh hands the program to wish's Bubble Tea
// middleware. Everything the UI needs from the outside is behind the
// Backend and Session interfaces (backend.go), so the screens can be tested
// with fakes; *app.App (internal/app) implements Backend for the real
// program.
//
// Where to find what:
//
//   - store.go: the session state (contacts with presence, profiles, last
//     seen, chats and unread counts, requests, own availability, the
//     connection) in one store, changed by Apply(event) and read by the
//     screens; no Bubble Tea. roster.go, chatlog.go and connstate.go are its
//     parts.
//   - model.go: the root model. It routes each message (keys.go: keys to
//     the open dialog, overlay or screen), owns the store, and draws the
//     chrome: body, notice or command line, status bar (statusbar.go).
//   - screens.go: the component interface every screen implements
//     (update, setSize, view, typing, hints), one file per screen:
//     welcome.go, login.go, register.go, regdone.go, contacts.go
//     (+ contactrow.go), profileview.go, edit.go, chat.go; dialogs.go and
//     help.go are the overlays. A screen holds only its own model: each
//     call gets common.go's Common (size, styles, key map, the store and
//     what the root shows, read only), and a screen changes nothing
//     outside itself: it asks (Common.ask) with the request messages of
//     nav.go (open a screen, go back, log in, send, a notice, a dialog…),
//     which the root applies in the order asked, in the same Update, and
//     it gets the results of its requests back in its update. nav.go also
//     has the back stack, which only the root changes; the root's handlers
//     of the requests (openChat, openProfile, openEdit, …) sit in the file
//     of the screen they open.
//   - layout.go: everything worked out when the size or the content changes
//     (input widths, the contact list's window, scroll limits, avatars
//     decoded and scaled: a screen names the avatars it draws, and the
//     root draws them into its cache). View only reads.
//   - commands.go: the one slash-command table (names, aliases, arguments,
//     help, session need, handler) behind the command line (cmdline.go),
//     its Tab completion and the help overlay.
//   - keymap.go: every key binding; the help overlay, the footers and the
//     status-bar hints are all drawn from it.
//   - actions.go and msgs.go: the tea.Cmds that do network I/O and the
//     messages they return; results.go: how each result is applied.
//   - events.go: session events pumped into the program with Program.Send,
//     queued ones coalesced into one message.
//
// Every string that came from the network goes through profile.Sanitize
// before it is drawn, and every cell is measured by display width (text.go).
package ui
