package ui

import (
	"image"
	"time"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// Messages that tea.Cmds send back into Update. Each carries what the Cmd
// found, so Update stays free of I/O.

// accountsMsg is the saved accounts, read at start.
type accountsMsg struct {
	accounts []Account
	note     string
	err      error
}

// loginMsg is the end of a log-in attempt.
type loginMsg struct {
	req      LoginRequest
	session  Session
	contacts []xmppclient.Contact
	requests []string
	err      error
}

// registerMsg is the end of a registration.
type registerMsg struct {
	req      RegisterRequest
	result   xmppclient.RegisterResult
	session  Session
	stored   string
	contacts []xmppclient.Contact
	requests []string
	err      error // with a result: registered, but the log in failed
}

// profileMsg is a fetched profile.
type profileMsg struct {
	jid     string
	profile profile.Profile
	err     error
}

// lastSeenMsg is a XEP-0012 answer, with when it was asked.
type lastSeenMsg struct {
	jid string
	la  xmppclient.LastActivity
	at  time.Time
	err error
}

// doneMsg ends a fire-and-forget action (add, remove, accept, send…): ok is
// the notice on success; err the failure.
type doneMsg struct {
	ok  string
	err error
}

// sentMsg ends sending a chat message.
type sentMsg struct {
	to  string
	id  string // the line's (and the stanza's) id
	err error
}

// historyMsg is a page of a chat's local history; older is true when it
// was asked for by scrolling up, start when nothing is older.
type historyMsg struct {
	jid          string
	msgs         []app.StoredMessage
	older, start bool
	err          error
}

// searchMsg is the answer to /search.
type searchMsg struct {
	jid, text string
	msgs      []app.StoredMessage
	err       error
}

// previewMsg is a newly chosen avatar, loaded and decoded for the preview.
type previewMsg struct {
	seq    int
	src    string
	avatar profile.Avatar // the image as it will be published
	img    image.Image
	err    error
}

// logoutMsg ends a log-out.
type logoutMsg struct{ err error }

// tickMsg drives the reconnect countdown and "last seen" ages.
type tickMsg time.Time

// sessionClosedMsg says the event stream of a session ended.
type sessionClosedMsg struct{}
