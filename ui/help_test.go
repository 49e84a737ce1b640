package ui

import (
	"regexp"
	"strings"
	"testing"
)

// Every command has a usage page: each argument of its synopsis explained,
// and an example that runs it.
func TestEveryCommandHasUsageAndExample(t *testing.T) {
	for _, c := range commandTable() {
		doc, ok := commandDocs[c.name]
		if !ok {
			t.Errorf("%s has no usage page", c.name)
			continue
		}
		for _, a := range c.argNames() {
			found := false
			for _, p := range doc.params {
				found = found || p.name == a
			}
			if !found {
				t.Errorf("%s: the argument %s is not explained", c.name, a)
			}
		}
		if len(doc.examples) == 0 {
			t.Errorf("%s has no example", c.name)
		}
		for _, e := range doc.examples {
			name, _, _ := strings.Cut(e, " ")
			if got, ok := findCommand(name); !ok || got.name != c.name {
				t.Errorf("%s: the example %q runs another command", c.name, e)
			}
		}
	}
	for name := range commandDocs {
		if _, ok := findCommand(name); !ok {
			t.Errorf("a usage page for %s, which is no command", name)
		}
	}
}

func TestHelpCommandShowsUsageAndExample(t *testing.T) {
	m, _, _ := loggedIn(t, 80, 24, sampleContacts()...)
	for _, line := range []string{"/help nick", "/help /nick"} {
		press(t, m, "/")
		m.cmdline.input.SetValue(line)
		press(t, m, "enter")
		if !m.help {
			t.Fatalf("%s: no help shown:\n%s", line, screenText(m))
		}
		s := screenText(m)
		if !regexp.MustCompile(`(?s)/nick — publish a new nickname.*Usage.*/nick NAME.*NAME\s+the nickname your contacts see.*Example.*/nick Alice Liddell`).MatchString(s) {
			t.Fatalf("%s: the usage page lacks its parts:\n%s", line, s)
		}
		mustNotShow(t, m, "Everywhere") // one command, not the whole help
		press(t, m, "esc")
		if m.help || m.helpCmd != "" {
			t.Fatal("esc did not close the usage page")
		}
	}
	press(t, m, "/")
	m.cmdline.input.SetValue("/help frobnicate")
	press(t, m, "enter")
	mustShow(t, m, "There is no command /frobnicate")
	// /help alone is the whole help again.
	press(t, m, "/")
	m.cmdline.input.SetValue("/help")
	press(t, m, "enter")
	mustShow(t, m, "Everywhere")
}

// F1 opens the help from the chat, where ? is text; the help has a Chat
// section, and the command line's Enter runs, not "next".
func TestHelpFromChatHasChatSection(t *testing.T) {
	m, _, _ := loggedIn(t, 80, 60, sampleContacts()...)
	drain(t, m, m.openChat("bob@example.org"))
	press(t, m, "?")
	if m.help || m.chat.input.Value() != "?" {
		t.Fatal("? in the chat is not text")
	}
	press(t, m, "backspace")
	send(t, m, keyMsgs("f1")[0])
	if !m.help {
		t.Fatal("F1 did not open the help in the chat")
	}
	lines := strings.Join(m.helpLines(helpInner(m.width)), "\n")
	plain := regexp.MustCompile(`\x1b\[[0-9;]*m`).ReplaceAllString(lines, "")
	if !regexp.MustCompile(`(?m)^Chat$(?s:.*)enter\s+send(?s:.*)esc\s+back to the contacts`).MatchString(plain) {
		t.Fatalf("no Chat section:\n%s", plain)
	}
	if !regexp.MustCompile(`(?m)^Command line$(?s:.*)enter\s+run the command`).MatchString(plain) || strings.Contains(plain[strings.Index(plain, "Command line"):], "next / submit") {
		t.Fatalf("the command line's Enter is not 'run':\n%s", plain)
	}
}
