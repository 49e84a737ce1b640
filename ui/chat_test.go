package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/xmppclient"
)

func openBobChat(t *testing.T, w, h int) (*Model, *fakeSession) {
	t.Helper()
	m, _, s := loggedIn(t, w, h, sampleContacts()...)
	press(t, m, "enter") // Bob is under the cursor
	if m.screen != screenChat || m.chat.jid != "bob@example.org" {
		t.Fatalf("not in Bob's chat:\n%s", screenText(m))
	}
	return m, s
}

func TestMultiLineMessageSentWhole(t *testing.T) {
	for _, newline := range []string{"ctrl+j", "alt+enter"} {
		m, s := openBobChat(t, 80, 24)
		press(t, m, "first line", newline, "second line")
		if got := m.chat.input.Value(); got != "first line\nsecond line" {
			t.Fatalf("%s: the input holds %q", newline, got)
		}
		press(t, m, "enter")
		if len(s.sent) != 1 || s.sent[0] != "bob@example.org: first line\nsecond line" {
			t.Fatalf("%s: sent %q", newline, s.sent)
		}
		mustShow(t, m, "me first line")
		if !strings.Contains(screenText(m), "\n         second line") {
			t.Fatalf("%s: the second line is not under the first:\n%s", newline, screenText(m))
		}
	}
}

func TestPastedNewlinesKept(t *testing.T) {
	m, s := openBobChat(t, 80, 24)
	send(t, m, tea.PasteMsg{Content: "line one\nline two\nline three"})
	if got := m.chat.input.Value(); got != "line one\nline two\nline three" {
		t.Fatalf("the paste became %q", got)
	}
	if got := m.chat.input.Height(); got != 3 {
		t.Fatalf("the input is %d rows for 3 lines", got)
	}
	if got := strings.Count(screenText(m), "\n") + 1; got != 24 {
		t.Fatalf("the screen is %d lines high", got)
	}
	press(t, m, "enter")
	if len(s.sent) != 1 || s.sent[0] != "bob@example.org: line one\nline two\nline three" {
		t.Fatalf("sent %q", s.sent)
	}
	if m.chat.input.Height() != 1 {
		t.Fatal("the input did not shrink back after sending")
	}
}

func TestLongInputStopsGrowing(t *testing.T) {
	m, _ := openBobChat(t, 60, 20)
	send(t, m, tea.PasteMsg{Content: strings.Repeat("line\n", 12) + "last"})
	if got := m.chat.input.Height(); got != maxInputRows {
		t.Fatalf("the input is %d rows, want at most %d", got, maxInputRows)
	}
	if got := strings.Count(screenText(m), "\n") + 1; got != 20 {
		t.Fatalf("the screen is %d lines high", got)
	}
	mustShow(t, m, "Bob") // the head stays
}

func TestReceivedMultiLineMessageKeepsLines(t *testing.T) {
	m, _ := openBobChat(t, 80, 24)
	send(t, m, xmppclient.MessageEvent{From: "bob@example.org", Body: "roses are red\nviolets are blue", Time: testNow})
	s := screenText(m)
	if !strings.Contains(s, "Bob roses are red") || !strings.Contains(s, "violets are blue") ||
		strings.Contains(s, "red violets") {
		t.Fatalf("the lines were joined:\n%s", s)
	}
}
