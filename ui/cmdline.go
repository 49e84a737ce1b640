package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/profile"
)

// commands are the slash commands, in help order.
var commands = []string{
	"/connect", "/register", "/logout", "/profile", "/vcard", "/edit", "/nick",
	"/status", "/online", "/away", "/dnd", "/xa", "/avatar", "/last", "/add", "/remove", "/msg", "/help", "/quit",
}

// jidArg lists the commands whose first argument is a JID.
var jidArg = map[string]bool{
	"/connect": true, "/profile": true, "/vcard": true, "/last": true,
	"/add": true, "/remove": true, "/msg": true,
}

// cmdLine is the "/" command line with Tab completion of commands and
// JIDs (Tab again cycles through the matches).
type cmdLine struct {
	active    bool
	input     textinput.Model
	lastAsked string // the JID of a pending /last, to report its answer

	matches []string // completions being cycled
	base    string   // the line before the word being completed
	idx     int
}

func newCmdLine() cmdLine {
	return cmdLine{input: newInput("", 4096, false)}
}

// open shows the command line with prefill (default "/").
func (c *cmdLine) open(m *Model, prefill string) tea.Cmd {
	if prefill == "" {
		prefill = "/"
	}
	c.active = true
	c.matches = nil
	c.input.Reset()
	c.input.SetValue(prefill)
	c.input.CursorEnd()
	return c.input.Focus()
}

func (c *cmdLine) close() {
	c.active = false
	c.matches = nil
	c.input.Blur()
}

func (c *cmdLine) feed(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	c.input, cmd = c.input.Update(msg)
	return cmd
}

func (c *cmdLine) update(m *Model, k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		c.close()
		return nil
	case "enter":
		line := c.input.Value()
		c.close()
		return m.execute(line)
	case "tab":
		c.complete(m, 1)
		return nil
	case "shift+tab":
		c.complete(m, -1)
		return nil
	case "backspace":
		if c.input.Value() == "" || c.input.Value() == "/" {
			c.close()
			return nil
		}
	}
	c.matches = nil
	return c.feed(k)
}

// complete completes the word before the end of the line: a command name
// first, then a JID for commands that take one.
func (c *cmdLine) complete(m *Model, dir int) {
	if len(c.matches) > 1 {
		c.idx = (c.idx + dir + len(c.matches)) % len(c.matches)
		c.input.SetValue(c.base + c.matches[c.idx])
		c.input.CursorEnd()
		return
	}
	line := c.input.Value()
	cut := strings.LastIndexByte(line, ' ') + 1
	base, word := line[:cut], line[cut:]
	fields := strings.Fields(base)
	var pool []string
	switch {
	case len(fields) == 0:
		pool = commands
		if !strings.HasPrefix(word, "/") {
			word = "/" + word
		}
	case len(fields) == 1 && jidArg[fields[0]]:
		pool = append(m.roster.jids(), m.requests...)
	default:
		return
	}
	var matches []string
	lw := strings.ToLower(word)
	for _, p := range pool {
		if strings.HasPrefix(strings.ToLower(p), lw) && !slices.Contains(matches, p) {
			matches = append(matches, p)
		}
		if len(matches) == 50 {
			break
		}
	}
	switch len(matches) {
	case 0:
		return
	case 1:
		c.input.SetValue(base + matches[0] + " ")
		c.matches = nil
	default:
		prefix := commonPrefix(matches)
		if len(prefix) > len(word) {
			c.input.SetValue(base + prefix)
			c.matches = nil
			c.input.CursorEnd()
			return
		}
		c.matches, c.base, c.idx = matches, base, 0
		c.input.SetValue(base + matches[0])
	}
	c.input.CursorEnd()
}

func commonPrefix(ss []string) string {
	p := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

// input forwards a non-key message (a paste) to the line.
func (c *cmdLine) inputMsg(msg tea.Msg) tea.Cmd { return c.feed(msg) }

func (c *cmdLine) view(m *Model, w int) string {
	st := m.styles
	c.input.SetWidth(max(5, w-3))
	out := c.input.View()
	if len(c.matches) > 1 {
		var cands []string
		for i, s := range c.matches {
			s = clean(s)
			if i == c.idx {
				s = st.Accent.Render(s)
			}
			cands = append(cands, s)
		}
		out = trunc(out, w/2) + st.Subtle.Render("  ") + strings.Join(cands, " ")
	}
	return trunc(out, w)
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
	needArg := func(what string) bool {
		if arg == "" {
			m.fail(errtext.New(errtext.BadRequest, "%s needs %s.", name, what))
			return false
		}
		return true
	}
	session := map[string]bool{"/logout": true, "/profile": true, "/vcard": true, "/edit": true,
		"/nick": true, "/status": true, "/avatar": true, "/online": true, "/away": true, "/dnd": true, "/xa": true, "/last": true, "/add": true, "/remove": true, "/msg": true}
	if session[name] && !m.loggedIn() {
		m.fail(errNotLoggedIn)
		return nil
	}
	switch name {
	case "/connect":
		if m.loggedIn() {
			m.info(fmt.Sprintf("Already logged in as %s; /logout first to switch accounts.", clean(m.account)))
			return nil
		}
		return m.openLogin(arg)
	case "/register":
		return m.openRegister()
	case "/logout":
		return m.doLogout()
	case "/profile", "/vcard":
		return m.openProfile(arg)
	case "/edit":
		return m.openEdit()
	case "/nick":
		if !needArg("a name") {
			return nil
		}
		return m.publishField(profile.FieldNickname, arg)
	case "/status":
		return m.publishField(profile.FieldStatus, arg)
	case "/online", "/away", "/dnd", "/xa":
		return m.setAvailability(availabilityCommands[name], arg)
	case "/avatar":
		if !needArg("a file path or an http(s) URL") {
			return nil
		}
		return m.publishField(profile.FieldImage, arg)
	case "/last":
		if !needArg("a JID") {
			return nil
		}
		jid := bare(arg)
		m.cmdline.lastAsked = jid
		m.info("Asking when " + clean(jid) + " was last seen…")
		return m.askLastSeen(jid, true)
	case "/add":
		if !needArg("a JID") {
			return nil
		}
		if err := validJID(arg); err != nil {
			m.fail(err)
			return nil
		}
		return m.addContact(arg)
	case "/remove":
		if !needArg("a JID") {
			return nil
		}
		return m.confirmRemove(bare(arg))
	case "/msg":
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
		m.info("Sent to " + clean(jid) + ".")
		return m.sendTo(bare(jid), text)
	case "/help":
		m.help = true
		m.helpScroll = 0
		return nil
	case "/quit", "/exit":
		return m.requestQuit()
	}
	m.fail(errtext.New(errtext.BadRequest, "There is no command %s: /help lists them.", clean(name)))
	return nil
}

// publishField publishes the own profile with one field changed (/nick,
// /status, /avatar). The other fields come from the current profile,
// fetched first when it is not known yet, so nothing is wiped.
func (m *Model) publishField(field, value string) tea.Cmd {
	if field != profile.FieldImage {
		if err := profile.ValidateField(field, value); err != nil {
			m.fail(err)
			return nil
		}
	}
	s, ctx, own := m.session, m.ctx, m.account
	cached, known := m.profiles[own]
	local, _, _ := strings.Cut(own, "@")
	return tea.Batch(m.startBusy("publishing the profile"), func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		p := cached
		if !known {
			got, err := s.GetProfile(c, own)
			if err != nil && errtext.Code(err) != errtext.NotFound {
				return savedMsg{step: "read the current profile", err: err, silent: true}
			}
			p = got
		}
		u := profile.Update{Nickname: p.Nickname, Status: p.Status, MobileNumber: p.MobileNumber, Email: p.Email}
		if u.Nickname == "" {
			u.Nickname = local
		}
		switch field {
		case profile.FieldNickname:
			u.Nickname = value
		case profile.FieldStatus:
			u.Status = value
		case profile.FieldImage:
			u.Image = value
		}
		if err := u.Validate(); err != nil {
			return savedMsg{step: "check the fields", err: err, silent: true}
		}
		n := u.Normalized()
		np, err := s.UpdateProfile(c, n)
		if err != nil {
			step := "publish the profile"
			var ae *errtext.Error
			if field == profile.FieldImage && errors.As(err, &ae) && (ae.Code == errtext.TooLarge || ae.Code == errtext.BadRequest) {
				step = "load the image"
			}
			return savedMsg{step: step, err: err, silent: true}
		}
		return savedMsg{profile: np, silent: true}
	})
}
