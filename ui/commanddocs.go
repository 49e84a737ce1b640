package ui

import "strings"

// param is one argument of a command as /help CMD explains it.
type param struct{ name, desc string }

// commandDoc is what /help CMD shows under Usage and Example.
type commandDoc struct {
	params   []param
	examples []string
	note     string // a sentence after the arguments, if any
}

// presenceNote explains the presence text on the pages of /online,
// /away, /dnd and /xa.
const presenceNote = "The presence text is what contacts see next to your name, as your card's first line shows it. It stays until you choose another (a profile save never changes it) and the next log-in announces it again."

// commandDocs are the commands' usage pages, by name; a test checks that
// every command has one, that every argument of its synopsis is explained
// and that it has an example.
var commandDocs = map[string]commandDoc{
	"/connect": {
		params:   []param{{"JID", "the account to log in with; without it the log-in form opens empty"}},
		examples: []string{"/connect alice@example.org", "/connect"},
	},
	"/register": {
		examples: []string{"/register"},
		note:     "Opens the registration form: the sandbox (a local trial server) or a real server.",
	},
	"/logout": {
		examples: []string{"/logout"},
		note:     "Ends the session and goes back to the welcome screen; the saved account stays.",
	},
	"/profile": {
		params:   []param{{"JID", "whose profile to show; without it, yours"}},
		examples: []string{"/profile bob@example.org", "/profile"},
	},
	"/vcard": {
		params:   []param{{"JID", "whose profile to fetch again from the server; without it, yours"}},
		examples: []string{"/vcard bob@example.org"},
	},
	"/edit": {
		examples: []string{"/edit"},
		note:     "Opens the editor on your profile: name, image, status, mobile and e-mail.",
	},
	"/nick": {
		params:   []param{{"NAME", "the nickname your contacts see; the rest of the line, spaces kept"}},
		examples: []string{"/nick Alice Liddell", "/nick alice"},
	},
	"/status": {
		params:   []param{{"TEXT", "a short line in your profile (vCard4 NOTE) that contacts read there; without it, the line is cleared"}},
		examples: []string{"/status writing the quarterly report", "/status"},
		note:     "The profile's status lasts and is not your presence text: /online, /away, /dnd and /xa set what contacts see next to your name.",
	},
	"/online": {
		params:   []param{{"TEXT", "your presence text (optional; without it, none)"}},
		examples: []string{"/online", "/online back at my desk"},
		note:     presenceNote,
	},
	"/away": {
		params:   []param{{"TEXT", "your presence text (optional; without it, none)"}},
		examples: []string{"/away at lunch, back at 2"},
		note:     presenceNote,
	},
	"/dnd": {
		params:   []param{{"TEXT", "your presence text (optional; without it, none)"}},
		examples: []string{"/dnd in a meeting"},
		note:     presenceNote,
	},
	"/xa": {
		params:   []param{{"TEXT", "your presence text (optional; without it, none)"}},
		examples: []string{"/xa on holiday until Monday"},
		note:     presenceNote,
	},
	"/idle": {
		params: []param{
			{"on", "a contact who asks this session (XEP-0012) learns how long you have not pressed a key"},
			{"off", "contacts who ask are refused; parley --share-idle off starts so"},
		},
		examples: []string{"/idle off", "/idle"},
		note:     "Kept with the account for the next log-ins. Without an argument it says whether your idle time is shared.",
	},
	"/avatar": {
		params: []param{
			{"PATH", "a PNG or JPEG file on this computer"},
			{"URL", "or an http(s) address of one"},
		},
		examples: []string{"/avatar /home/alice/pictures/me.png", "/avatar https://example.org/alice.png"},
	},
	"/last": {
		params:   []param{{"JID", "the contact to ask about (their server answers, if it allows)"}},
		examples: []string{"/last bob@example.org"},
	},
	"/add": {
		params:   []param{{"JID", "the address of the person to add; they are asked to share their presence"}},
		examples: []string{"/add bob@example.org"},
	},
	"/remove": {
		params:   []param{{"JID", "the contact to remove; Parley asks before it does"}},
		examples: []string{"/remove bob@example.org"},
	},
	"/ignore": {
		params:   []param{{"JID", "the stranger whose messages to drop; the open chat's by default"}},
		examples: []string{"/ignore", "/ignore eve@example.org"},
		note:     "A message request is a message from someone who is not a contact: /add accepts it, /block blocks the sender, /ignore drops it.",
	},
	"/search": {
		params:   []param{{"TEXT", "words to find; every one must be in the message (or begin one of its words)"}},
		examples: []string{"/search dinner", "/search train ticket"},
		note:     "Searches the messages stored on this machine: of the open chat, or of every chat from elsewhere.",
	},
	"/block": {
		params:   []param{{"JID", "the address to block"}},
		examples: []string{"/block spammer@example.org"},
		note:     "The server then drops that address's messages, presence and profile updates to you.",
	},
	"/unblock": {
		params:   []param{{"JID", "the blocked address"}},
		examples: []string{"/unblock bob@example.org"},
	},
	"/blocked": {
		examples: []string{"/blocked"},
		note:     "Blocked contacts are also marked ⊘ blocked in the contact list, where b blocks or unblocks the selected one.",
	},
	"/unregister": {
		params:   []param{{"JID", "your own address, typed to confirm"}},
		examples: []string{"/unregister alice@example.org"},
		note:     "Deletes your account on the server, then its password, saved account and message history on this machine.",
	},
	"/msg": {
		params: []param{
			{"JID", "who to write to (a contact or anyone's address)"},
			{"TEXT", "the message: the rest of the line"},
		},
		examples: []string{"/msg bob@example.org see you at 6"},
	},
	"/notify": {
		params: []param{
			{"on", "ring the bell and show a desktop notification for a new message while the terminal is not focused"},
			{"off", "stay quiet; PARLEY_NOTIFY=off in the environment starts Parley so"},
		},
		examples: []string{"/notify off", "/notify"},
		note:     "Without an argument it says whether notifications are on.",
	},
	"/help": {
		params:   []param{{"CMD", "a command's name, with or without /; without it, every key and command"}},
		examples: []string{"/help nick", "/help"},
	},
	"/quit": {
		examples: []string{"/quit", "/exit"},
		note:     "Asks first when an edit or a draft would be lost.",
	},
}

// synopsis is the command's usage line: its name and its arguments.
func (c command) synopsis() string {
	if c.args == "" {
		return c.name
	}
	return c.name + " " + c.args
}

// argNames are the argument names in c.args ("[JID]", "PATH|URL" and
// "JID TEXT" give JID; PATH, URL; JID, TEXT).
func (c command) argNames() []string {
	var out []string
	for _, f := range strings.Fields(c.args) {
		f = strings.Trim(f, "[]")
		out = append(out, strings.Split(f, "|")...)
	}
	return out
}

// commandHelpLines is /help CMD: the command's line, then Usage (the
// synopsis and each argument) and Example, w cells wide.
func (m *Model) commandHelpLines(c command, w int) []string {
	st := m.styles
	doc := commandDocs[c.name]
	name := c.name
	if len(c.aliases) > 0 {
		name += " (also " + strings.Join(c.aliases, ", ") + ")"
	}
	out := []string{st.Title.Render(name) + " — " + c.help, "", st.Title.Render("Usage"), "  " + st.Key.Render(c.synopsis())}
	pw := 0
	for _, p := range doc.params {
		pw = max(pw, width(p.name))
	}
	for _, p := range doc.params {
		lead := "    " + p.name + strings.Repeat(" ", pw-width(p.name)+2)
		out = append(out, strings.Split(wrapBlock(st.App, lead, p.desc, w), "\n")...)
	}
	if doc.note != "" {
		out = append(out, strings.Split(wrapBlock(st.App, "  ", doc.note, w), "\n")...)
	}
	out = append(out, "", st.Title.Render("Example"))
	for _, e := range doc.examples {
		out = append(out, "  "+st.Accent.Render(e))
	}
	return out
}
