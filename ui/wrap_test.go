package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// longReason is an error sentence much wider than a small terminal, whose
// end says what to do.
const longReason = "Cannot reach the server at 127.0.0.1:1: nothing answers there. Check the address and that the server is running."

// words is the screen as one line of words, so that a sentence wrapped
// over several lines is found whole.
func words(m *Model) string { return strings.Join(strings.Fields(screenText(m)), " ") }

// mustShowWhole fails unless the screen holds sentence whole and nothing
// on it was cut with an ellipsis.
func mustShowWhole(t *testing.T, m *Model, sentence string) {
	t.Helper()
	if !strings.Contains(words(m), sentence) {
		t.Fatalf("screen lacks the whole sentence %q:\n%s", sentence, screenText(m))
	}
	if strings.Contains(screenText(m), ellipsis) {
		t.Fatalf("screen cuts something with %q:\n%s", ellipsis, screenText(m))
	}
}

var smallSizes = [][2]int{{60, 20}, {80, 24}, {100, 30}}

func TestLoginErrorWrapsWhole(t *testing.T) {
	for _, sz := range smallSizes {
		b := &fakeBackend{loginErr: errtext.New(errtext.Unavailable, "%s", longReason)}
		m := newTestModel(t, b, sz[0], sz[1])
		drain(t, m, m.Init())
		press(t, m, "down", "enter", "alice@example.org", "tab", "pw", "enter")
		if m.screen != screenLogin {
			t.Fatalf("%v: not on the log-in form:\n%s", sz, screenText(m))
		}
		mustShowWhole(t, m, "✗ "+longReason)
	}
}

func TestRegisterErrorWrapsWhole(t *testing.T) {
	for _, sz := range smallSizes {
		b := &fakeBackend{regErr: errtext.New(errtext.Unavailable, "%s", longReason)}
		m := newTestModel(t, b, sz[0], sz[1])
		drain(t, m, m.Init())
		press(t, m, "enter", "alice", "ctrl+s")
		if m.screen != screenRegister {
			t.Fatalf("%v: not on the registration form:\n%s", sz, screenText(m))
		}
		mustShowWhole(t, m, "✗ "+longReason)
	}
}

func TestFieldErrorWrapsWhole(t *testing.T) {
	m := newTestModel(t, &fakeBackend{regErr: errtext.New(errtext.Conflict, "%s", longReason)}, 60, 20)
	drain(t, m, m.Init())
	press(t, m, "enter", "alice", "ctrl+s")
	if m.register.form.get("identifier").err == "" {
		t.Fatalf("the error is not at the field:\n%s", screenText(m))
	}
	mustShowWhole(t, m, "✗ "+longReason)
}

func TestCredentialsScreenWrapsWhole(t *testing.T) {
	m := newTestModel(t, &fakeBackend{}, 60, 20)
	drain(t, m, m.Init())
	press(t, m, "enter", "alice", "ctrl+s")
	if m.screen != screenRegisterDone {
		t.Fatalf("not on the credentials screen:\n%s", screenText(m))
	}
	mustShowWhole(t, m, "This is the only time the password is shown. Write it down if it was not stored.")
}

func TestNoticeWrapsWhole(t *testing.T) {
	for _, sz := range smallSizes {
		m, _, _ := loggedIn(t, sz[0], sz[1], sampleContacts()...)
		m.fail(errtext.New(errtext.Unavailable, "%s", longReason))
		m.layout()
		if !strings.Contains(words(m), longReason) {
			t.Fatalf("%v: the notice is cut:\n%s", sz, screenText(m))
		}
		if got := strings.Count(screenText(m), "\n") + 1; got != sz[1] {
			t.Fatalf("%v: the screen is %d lines high, want %d", sz, got, sz[1])
		}
	}
}

func TestEditErrorWrapsWhole(t *testing.T) {
	m, _, s := loggedIn(t, 60, 20)
	s.updateErr = errtext.New(errtext.Unavailable, "%s", longReason)
	press(t, m, "e", "ctrl+s")
	if m.screen != screenEdit {
		t.Fatalf("left the editor:\n%s", screenText(m))
	}
	if !strings.Contains(words(m), "Could not publish the profile: "+longReason) {
		t.Fatalf("the edit error is cut:\n%s", screenText(m))
	}
}

func TestChatSendErrorWrapsWhole(t *testing.T) {
	m, _, s := loggedIn(t, 60, 20, sampleContacts()...)
	s.sendErr = errtext.New(errtext.Unavailable, "%s", longReason)
	drain(t, m, m.openChat("bob@example.org"))
	press(t, m, "hello", "enter")
	if !strings.Contains(words(m), "✗ not sent: "+longReason) {
		t.Fatalf("the send error is cut:\n%s", screenText(m))
	}
}

// A connection failure whose reason the status bar cannot hold is said
// whole on the notice line; one that fits is not said twice.
func TestConnectionReasonWrapsWhole(t *testing.T) {
	m, _, _ := loggedIn(t, 60, 20, sampleContacts()...)
	send(t, m, xmppclient.ConnectionEvent{Status: xmppclient.StatusConnectionFailed, Reason: longReason})
	if !strings.Contains(words(m), "✕ "+longReason) {
		t.Fatalf("the reason is cut:\n%s", screenText(m))
	}
	if got := strings.Count(screenText(m), "\n") + 1; got != 20 {
		t.Fatalf("the screen is %d lines high", got)
	}
	send(t, m, xmppclient.ConnectionEvent{Status: xmppclient.StatusDisconnected, Reason: "closed"})
	if n := strings.Count(screenText(m), "closed"); n != 1 {
		t.Fatalf("a short reason is shown %d times:\n%s", n, screenText(m))
	}
}

// The help wraps a long description under itself instead of cutting it.
func TestHelpWrapsWhole(t *testing.T) {
	m, _, _ := loggedIn(t, 60, 20)
	text := strings.Join(m.helpLines(helpInner(m.width)), "\n")
	if strings.Contains(text, ellipsis) {
		t.Fatalf("the help cuts a line:\n%s", text)
	}
	if !strings.Contains(strings.Join(strings.Fields(ansi.Strip(text)), " "), "ring for new messages while the terminal is not focused") {
		t.Fatalf("a description is lost:\n%s", text)
	}
}
