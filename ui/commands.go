package ui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// command is one slash command. The table below is the only list of them:
// the command line runs it, Tab completes its name and its JID argument,
// and the help overlay lists it.
type command struct {
	name    string
	aliases []string
	args    string // the arguments as the help shows them
	help    string
	needs   string // what a missing argument is called ("a JID"); "" when optional
	jid     bool   // the first argument is a JID (Tab completes contacts)
	session bool   // needs a log-in
	run     func(m *Model, arg string) tea.Cmd
}

// commandTable lists the slash commands in help order. It is a function,
// not a variable, because the handlers reach code that reads the table
// (a variable would be an initialisation cycle).
func commandTable() []command {
	return []command{
		{name: "/connect", args: "[JID]", help: "log in (again)", jid: true, run: cmdConnect},
		{name: "/register", help: "create an account", run: func(m *Model, _ string) tea.Cmd { return m.openRegister() }},
		{name: "/logout", help: "log out", session: true, run: func(m *Model, _ string) tea.Cmd { return m.doLogout() }},
		{name: "/unregister", args: "JID", help: "delete your account on the server for good (type its address to confirm)", needs: "your account's address", session: true, run: cmdUnregister},
		{name: "/profile", args: "[JID]", help: "show a profile (yours by default)", jid: true, session: true, run: (*Model).openProfile},
		{name: "/vcard", args: "[JID]", help: "the same, fetched afresh", jid: true, session: true, run: (*Model).openProfile},
		{name: "/edit", help: "edit your profile", session: true, run: func(m *Model, _ string) tea.Cmd { return m.openEdit() }},
		{name: "/nick", args: "NAME", help: "publish a new nickname", needs: "a name", session: true, run: publisher(profile.FieldNickname)},
		{name: "/status", args: "TEXT", help: "publish your profile's status (lasting, in your profile; not the presence text)", session: true, run: publisher(profile.FieldStatus)},
		{name: "/online", args: "[TEXT]", help: "be available, with a presence text next to your name (optional)", session: true, run: availability(xmppclient.ShowOnline)},
		{name: "/away", args: "[TEXT]", help: "be away", session: true, run: availability(xmppclient.ShowAway)},
		{name: "/dnd", args: "[TEXT]", help: "do not disturb (busy)", session: true, run: availability(xmppclient.ShowDND)},
		{name: "/xa", args: "[TEXT]", help: "be away for long (gone)", session: true, run: availability(xmppclient.ShowXA)},
		{name: "/idle", args: "[on|off]", help: "let contacts ask how long you have been idle, or refuse them", session: true, run: cmdIdle},
		{name: "/avatar", args: "PATH|URL", help: "publish a new avatar", needs: "a file path or an http(s) URL", session: true, run: publisher(profile.FieldImage)},
		{name: "/last", args: "JID", help: "when was JID last seen", needs: "a JID", jid: true, session: true, run: cmdLast},
		{name: "/add", args: "JID", help: "add a contact", needs: "a JID", jid: true, session: true, run: cmdAdd},
		{name: "/remove", args: "JID", help: "remove a contact (asks)", needs: "a JID", jid: true, session: true, run: func(m *Model, arg string) tea.Cmd { return m.confirmRemove(bare(arg)) }},
		{name: "/block", args: "JID", help: "block a user: his messages, presence and profile updates no longer reach you", needs: "a JID", jid: true, session: true, run: blocker(true)},
		{name: "/unblock", args: "JID", help: "lift a block", needs: "a JID", jid: true, session: true, run: blocker(false)},
		{name: "/blocked", help: "list the blocked users", session: true, run: cmdBlocked},
		{name: "/msg", args: "JID TEXT", help: "send a message", jid: true, session: true, run: cmdMsg},
		{name: "/ignore", args: "[JID]", help: "drop a message request (of the open chat by default)", jid: true, session: true, run: cmdIgnore},
		{name: "/search", args: "TEXT", help: "search the stored messages (of the open chat, else of all)", needs: "a text", session: true, run: cmdSearch},
		{name: "/notify", args: "[on|off]", help: "ring for new messages while the terminal is not focused", run: cmdNotify},
		{name: "/help", args: "[CMD]", help: "this help, or a command's usage and examples", run: cmdHelp},
		{name: "/quit", aliases: []string{"/exit"}, help: "quit", run: func(m *Model, _ string) tea.Cmd { return m.requestQuit() }},
	}
}

// findCommand looks a command up by its name or an alias.
func findCommand(name string) (command, bool) {
	for _, c := range commandTable() {
		if c.name == name {
			return c, true
		}
		for _, a := range c.aliases {
			if a == name {
				return c, true
			}
		}
	}
	return command{}, false
}

// commandNames are the names and aliases Tab completes, in help order.
func commandNames() []string {
	var out []string
	for _, c := range commandTable() {
		out = append(out, c.name)
		out = append(out, c.aliases...)
	}
	return out
}

// takesJID reports whether the command's first argument is a JID.
func takesJID(name string) bool {
	c, ok := findCommand(name)
	return ok && c.jid
}

// execute runs one command line.
func (m *Model) execute(line string) tea.Cmd {
	line = strings.TrimSpace(line)
	if line == "" || line == "/" {
		return nil
	}
	if !strings.HasPrefix(line, "/") {
		line = "/" + line
	}
	name, arg, _ := strings.Cut(line, " ")
	name = strings.ToLower(name)
	arg = strings.TrimSpace(arg)
	c, ok := findCommand(name)
	switch {
	case !ok:
		m.fail(errtext.New(errtext.BadRequest, "There is no command %s: /help lists them.", clean(name)))
		return nil
	case c.session && !m.loggedIn():
		m.fail(errNotLoggedIn)
		return nil
	case c.needs != "" && arg == "":
		m.fail(errtext.New(errtext.BadRequest, "%s needs %s.", name, c.needs))
		return nil
	}
	return c.run(m, arg)
}

// cmdHelp opens the help overlay: every key and command, or one
// command's usage page.
func cmdHelp(m *Model, arg string) tea.Cmd {
	if arg == "" {
		m.openHelp()
		return nil
	}
	name := strings.ToLower(strings.Fields(arg)[0])
	if !strings.HasPrefix(name, "/") {
		name = "/" + name
	}
	c, ok := findCommand(name)
	if !ok {
		m.fail(errtext.New(errtext.BadRequest, "There is no command %s: /help lists them.", clean(name)))
		return nil
	}
	m.openHelp()
	m.helpCmd = c.name
	return nil
}

func cmdConnect(m *Model, arg string) tea.Cmd {
	if m.loggedIn() {
		m.info(fmt.Sprintf("Already logged in as %s; /logout first to switch accounts.", clean(m.state.account)))
		return nil
	}
	return m.openLogin(arg)
}

func publisher(field string) func(m *Model, arg string) tea.Cmd {
	return func(m *Model, arg string) tea.Cmd { return m.publishField(field, arg) }
}

func availability(show xmppclient.Show) func(m *Model, arg string) tea.Cmd {
	return func(m *Model, arg string) tea.Cmd { return m.setAvailability(show, arg) }
}

func cmdLast(m *Model, arg string) tea.Cmd {
	jid := bare(arg)
	m.cmdline.lastAsked = jid
	m.info("Asking when " + clean(jid) + " was last seen…")
	return m.askLastSeen(jid, true)
}

func cmdAdd(m *Model, arg string) tea.Cmd {
	if err := validJID(arg); err != nil {
		m.fail(err)
		return nil
	}
	return m.addContact(arg)
}

func blocker(block bool) func(m *Model, arg string) tea.Cmd {
	return func(m *Model, arg string) tea.Cmd {
		if err := validJID(arg); err != nil {
			m.fail(err)
			return nil
		}
		jid := bare(arg)
		if block {
			return m.act("blocking", "Blocked "+clean(jid)+".", func(ctx context.Context, s Session) error { return s.Block(ctx, jid) })
		}
		return m.act("unblocking", "Unblocked "+clean(jid)+".", func(ctx context.Context, s Session) error { return s.Unblock(ctx, jid) })
	}
}

func cmdMsg(m *Model, arg string) tea.Cmd {
	jid, text, _ := strings.Cut(arg, " ")
	text = strings.TrimSpace(text)
	if jid == "" || text == "" {
		m.fail(errtext.New(errtext.BadRequest, "/msg needs a JID and a message: /msg bob@example.org hello."))
		return nil
	}
	if err := validJID(jid); err != nil {
		m.fail(err)
		return nil
	}
	m.info("Sending to " + clean(jid) + "; the chat shows what becomes of it.")
	return m.sendTo(bare(jid), text)
}
