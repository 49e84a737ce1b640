package ui

import (
	"strings"
	"testing"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

func TestCommandCompletion(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, sampleContacts()...)
	press(t, m, "/")
	if !m.cmdline.active {
		t.Fatal("/ did not open the command line")
	}
	press(t, m, "pro", "tab")
	if got := m.cmdline.input.Value(); got != "/profile " {
		t.Fatalf("completed to %q", got)
	}
	press(t, m, "ca", "tab")
	if got := m.cmdline.input.Value(); got != "/profile carol@example.org " {
		t.Fatalf("completed to %q", got)
	}
	press(t, m, "esc")
	// Several matches: all are listed and Tab cycles through them.
	press(t, m, "/", "re", "tab")
	first := m.cmdline.input.Value()
	if first != "/register" {
		t.Fatalf("first completion %q", first)
	}
	mustShow(t, m, "/register /remove")
	press(t, m, "tab")
	if second := m.cmdline.input.Value(); second != "/remove" {
		t.Fatalf("tab did not cycle: %q then %q", first, second)
	}
	press(t, m, "tab")
	if third := m.cmdline.input.Value(); third != "/register" {
		t.Fatalf("tab did not wrap around: %q", third)
	}
	// Completion of a shared prefix: /l → /l... (only /last and /logout).
	press(t, m, "esc", "/", "lo", "tab")
	if got := m.cmdline.input.Value(); got != "/logout " {
		t.Fatalf("completed to %q", got)
	}
	press(t, m, "esc")
	if m.cmdline.active {
		t.Fatal("esc did not close the command line")
	}
}

func TestCommands(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	run := func(line string) {
		t.Helper()
		press(t, m, "/")
		m.cmdline.input.SetValue(line)
		press(t, m, "enter")
	}
	run("/msg bob@example.org hello bob")
	if !s.called("send bob@example.org hello bob") {
		t.Fatalf("calls = %v", s.calls)
	}
	run("/nick Ally")
	if len(s.updates) != 1 || s.updates[0].Nickname != "Ally" || s.updates[0].Status != "writing code" {
		t.Fatalf("updates = %+v (the other fields must be kept)", s.updates)
	}
	run("/status on holiday")
	if len(s.updates) != 2 || s.updates[1].Status != "on holiday" || s.updates[1].Nickname != "Ally" {
		t.Fatalf("updates = %+v", s.updates)
	}
	mustShow(t, m, "on holiday") // the own card
	run("/add dave@example.org")
	if !s.called("add dave@example.org") {
		t.Fatal("/add did nothing")
	}
	run("/remove carol@example.org")
	mustShow(t, m, "Remove Carol")
	press(t, m, "y")
	if !s.called("remove carol@example.org") {
		t.Fatal("/remove did nothing")
	}
	s.lastSeen["zoe@example.org"] = xmppclient.LastActivity{Seconds: 600}
	run("/last zoe@example.org")
	mustShow(t, m, "zoe@example.org: last seen 10 min ago")
	run("/profile bob@example.org")
	if m.screen != screenProfile || m.view.jid != "bob@example.org" {
		t.Fatal("/profile did not open bob's profile")
	}
	run("/edit")
	if m.screen != screenEdit || m.edit.form.get(profile.FieldNickname).value() != "Ally" {
		t.Fatal("/edit did not open the editor")
	}
	press(t, m, "esc")
	run("/bogus")
	mustShow(t, m, "There is no command /bogus")
	run("/nick")
	mustShow(t, m, "/nick needs a name.")
	run("/help")
	if !m.help {
		t.Fatal("/help did not open the help")
	}
	press(t, m, "esc")
	run("/logout")
	if m.loggedIn() || m.screen != screenWelcome || !s.called("logout") {
		t.Fatalf("after /logout: screen %v calls %v", m.screen, s.calls)
	}
	mustShow(t, m, "OFFLINE", "Logged out.")
	run("/profile")
	mustShow(t, m, "You are not logged in")
}

func TestCommandQuit(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30)
	press(t, m, "/")
	m.cmdline.input.SetValue("/quit")
	if cmd := m.update(keyMsgs("enter")[0]); cmd == nil || cmd() != quitMsg() {
		t.Fatal("/quit did not quit")
	}
}

func TestStatusKeyPrefillsCommand(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30)
	press(t, m, "s")
	if !m.cmdline.active || m.cmdline.input.Value() != "/status " {
		t.Fatalf("s gave %q", m.cmdline.input.Value())
	}
}

func TestHelpListsEveryKeyAndCommand(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30)
	text := strings.Join(m.helpLines(80), "\n")
	for _, sec := range m.keys.helpSections() {
		for _, b := range sec.keys {
			if !strings.Contains(text, b.Help().Key) || !strings.Contains(text, b.Help().Desc) {
				t.Errorf("help lacks %q (%s)", b.Help().Key, b.Help().Desc)
			}
		}
	}
	for _, name := range commandNames() {
		if !strings.Contains(text, name) {
			t.Errorf("help lacks %s", name)
		}
	}
	press(t, m, "?")
	mustShow(t, m, "Everywhere", "esc close")
	press(t, m, "down", "down", "esc")
	if m.help {
		t.Fatal("esc did not close the help")
	}
}

// /exit is an alias of /quit: it quits and the help lists it.
func TestCommandExitIsListedAlias(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30)
	if !strings.Contains(strings.Join(m.helpLines(80), "\n"), "/quit, /exit") {
		t.Fatal("help does not list /exit")
	}
	press(t, m, "/")
	m.cmdline.input.SetValue("/exit")
	if cmd := m.update(keyMsgs("enter")[0]); cmd == nil || cmd() != quitMsg() {
		t.Fatal("/exit did not quit")
	}
}

// Many completions are laid out over rows above the line, each whole, the
// selected one followed as Tab moves through them; none is cut.
func TestCompletionListRows(t *testing.T) {
	var contacts []xmppclient.Contact
	for i := range 30 {
		contacts = append(contacts, xmppclient.Contact{JID: "friend" + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + "@example.org", Subscription: "both"})
	}
	m, _, _ := loggedIn(t, 60, 20, contacts...)
	press(t, m, "/", "msg ", "fr", "tab", "tab") // the shared prefix, then the list
	if len(m.cmdline.matches) != 30 {
		t.Fatalf("%d matches, want 30", len(m.cmdline.matches))
	}
	lines := m.cmdline.lines(m, m.width)
	if len(lines) < 3 || len(lines) > maxMatchRows+1 {
		t.Fatalf("%d lines for 30 matches at 60 cells", len(lines))
	}
	if got := strings.Count(screenText(m), "\n") + 1; got != 20 {
		t.Fatalf("the screen is %d lines high, want 20", got)
	}
	mustNotShow(t, m, ellipsis)
	mustShow(t, m, "frienda@example.org friendax@example.org")
	for range 29 {
		press(t, m, "tab")
	}
	if got := m.cmdline.input.Value(); got != "/msg "+m.cmdline.matches[29] {
		t.Fatalf("tab did not reach the last match: %q", got)
	}
	mustShow(t, m, m.cmdline.matches[29]) // the rows followed the selection
	// The arrows move through the list too.
	press(t, m, "down")
	if got := m.cmdline.input.Value(); got != "/msg "+m.cmdline.matches[0] {
		t.Fatalf("↓ did not wrap to the first match: %q", got)
	}
	press(t, m, "up")
	if got := m.cmdline.input.Value(); got != "/msg "+m.cmdline.matches[29] {
		t.Fatalf("↑ did not go back: %q", got)
	}
}

// After /help, Tab completes a command's name.
func TestHelpCompletesCommandNames(t *testing.T) {
	m, _, _ := loggedIn(t, 80, 24)
	press(t, m, "/", "help ", "ni", "tab")
	if got := m.cmdline.input.Value(); got != "/help nick " {
		t.Fatalf("completed to %q", got)
	}
	press(t, m, "enter")
	if !m.help || m.helpCmd != "/nick" {
		t.Fatalf("not the usage page of /nick: %v %q", m.help, m.helpCmd)
	}
}
