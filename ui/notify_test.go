package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/xmppclient"
)

// raws runs cmd and returns what it would write to the terminal raw (the
// notifications), feeding every other message back into the model.
func raws(t *testing.T, m *Model, cmd tea.Cmd) []string {
	t.Helper()
	var out []string
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.RawMsg:
			out = append(out, msg.Msg.(string))
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case nil:
		default:
			queue = append(queue, m.update(msg))
		}
	}
	return out
}

func message(from, body string) xmppclient.MessageEvent {
	return xmppclient.MessageEvent{From: from, Body: body, Time: testNow}
}

func notifyModel(t *testing.T, env ...string) *Model {
	t.Helper()
	s := newFakeSession("alice@example.org")
	s.contacts = sampleContacts()
	b := &fakeBackend{accounts: []Account{{JID: "alice@example.org", HasSecret: true}}, stored: true, password: "pw", session: s}
	m := NewModel(context.Background(), Options{Backend: b, Width: 80, Height: 24, Environ: env})
	m.now = func() time.Time { return testNow }
	drain(t, m, m.Init())
	press(t, m, "enter")
	if m.screen != screenContacts {
		t.Fatalf("not logged in:\n%s", screenText(m))
	}
	return m
}

func TestNotifyOnlyWhileBlurred(t *testing.T) {
	m := notifyModel(t, "TERM=xterm-256color")
	if !m.View().ReportFocus {
		t.Fatal("focus reporting is off although notifications are on")
	}
	// A terminal that never reported focus is not disturbed.
	if got := raws(t, m, m.update(message("bob@example.org", "hi"))); len(got) != 0 {
		t.Fatalf("notified with no focus report: %q", got)
	}
	m.update(tea.BlurMsg{})
	got := raws(t, m, m.update(message("bob@example.org", "are you there?")))
	if len(got) != 1 || !strings.HasPrefix(got[0], "\a\x1b]9;Parley: message from Bob: are you there?") {
		t.Fatalf("blurred: wrote %q, want the bell and OSC 9", got)
	}
	m.update(tea.FocusMsg{})
	if got := raws(t, m, m.update(message("bob@example.org", "hello?"))); len(got) != 0 {
		t.Fatalf("focused: wrote %q", got)
	}
}

func TestNotifyOncePerRunAndNotForOwnMessages(t *testing.T) {
	m := notifyModel(t, "TERM=xterm")
	m.update(tea.BlurMsg{})
	run := eventsMsg{message("bob@example.org", "one"), message("carol@example.org", "two"), message("bob@example.org", "three")}
	got := raws(t, m, m.update(run))
	if len(got) != 1 || !strings.Contains(got[0], "three") {
		t.Fatalf("a run of three messages wrote %q, want one notification of the newest", got)
	}
	if got := raws(t, m, m.update(message("alice@example.org", "from my phone"))); len(got) != 0 {
		t.Fatalf("one's own message notified: %q", got)
	}
	if got := raws(t, m, m.update(xmppclient.PresenceEvent{From: "bob@example.org", Show: xmppclient.ShowAway})); len(got) != 0 {
		t.Fatalf("a presence notified: %q", got)
	}
}

func TestNotifyOffSetting(t *testing.T) {
	m := notifyModel(t, "TERM=xterm", "PARLEY_NOTIFY=off")
	if m.View().ReportFocus {
		t.Fatal("focus reporting asked for although notifications are off")
	}
	m.update(tea.BlurMsg{})
	if got := raws(t, m, m.update(message("bob@example.org", "hi"))); len(got) != 0 {
		t.Fatalf("PARLEY_NOTIFY=off still notified: %q", got)
	}
	press(t, m, "/")
	m.cmdline.input.SetValue("/notify on")
	press(t, m, "enter")
	if got := raws(t, m, m.update(message("bob@example.org", "hi"))); len(got) != 1 {
		t.Fatalf("/notify on: wrote %q", got)
	}
	press(t, m, "/")
	m.cmdline.input.SetValue("/notify off")
	press(t, m, "enter")
	if got := raws(t, m, m.update(message("bob@example.org", "hi"))); len(got) != 0 {
		t.Fatalf("/notify off: wrote %q", got)
	}
}

// A hostile message cannot end the sequence early or smuggle one in; VTE
// gets OSC 777 with its separators kept out of the texts.
func TestNotifySequenceIsClean(t *testing.T) {
	m := notifyModel(t, "TERM=xterm-256color", "VTE_VERSION=7600")
	m.update(tea.BlurMsg{})
	got := raws(t, m, m.update(message("bob@example.org", "a;b\x07\x1b]0;owned\x1b\\ "+strings.Repeat("x", 200))))
	if len(got) != 1 {
		t.Fatalf("wrote %q", got)
	}
	seq := got[0]
	if !strings.HasPrefix(seq, "\a\x1b]777;notify;Parley: message from Bob;") || !strings.HasSuffix(seq, "\x1b\\") {
		t.Fatalf("not an OSC 777 notification: %q", seq)
	}
	inner := strings.TrimSuffix(strings.TrimPrefix(seq, "\a\x1b]777;notify;"), "\x1b\\")
	if strings.ContainsAny(inner, "\x07\x1b") || strings.Count(inner, ";") != 1 {
		t.Fatalf("the texts carry controls or separators: %q", inner)
	}
	if width(inner) > 40+maxNotifyText {
		t.Fatalf("the text is not bounded: %d cells", width(inner))
	}
}
