package ui

import (
	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/parley-im/parley/xmppclient"
)

func lastLine(m *Model) string {
	lines := strings.Split(screenText(m), "\n")
	return lines[len(lines)-1]
}

func TestStatusBarReconnectCountdown(t *testing.T) {
	m, _, _ := loggedIn(t, 80, 24)
	if !strings.Contains(lastLine(m), "CONNECTED") || !strings.Contains(lastLine(m), "alice@example.org") {
		t.Fatalf("status bar = %q", lastLine(m))
	}
	cmd := m.update(xmppclient.ConnectionEvent{Status: xmppclient.StatusReconnecting, Reason: "stream closed", RetryAt: testNow.Add(4 * time.Second)})
	if cmd == nil {
		t.Fatal("no tick scheduled for the countdown")
	}
	if got := lastLine(m); !strings.Contains(got, "RECONNECTING in 4 s") {
		t.Fatalf("status bar = %q", got)
	}
	// A tick later the countdown shows one second less.
	m.now = func() time.Time { return testNow.Add(1 * time.Second) }
	m.update(tickMsg(testNow.Add(time.Second)))
	if got := lastLine(m); !strings.Contains(got, "RECONNECTING in 3 s") {
		t.Fatalf("status bar = %q", got)
	}
	send(t, m, xmppclient.ConnectionEvent{Status: xmppclient.StatusConnected})
	if got := lastLine(m); !strings.Contains(got, "● CONNECTED") {
		t.Fatalf("status bar = %q", got)
	}
	mustShow(t, m, "Connected again.")
}

// The real client goes DISCONNECTED → RECONNECTING → CONNECTING →
// CONNECTED; the UI must still notice that the connection came back.
func TestStatusBarConnectedAgainThroughConnecting(t *testing.T) {
	m, _, _ := loggedIn(t, 80, 24)
	for _, s := range []xmppclient.Status{xmppclient.StatusDisconnected, xmppclient.StatusReconnecting, xmppclient.StatusConnecting, xmppclient.StatusConnected} {
		ev := xmppclient.ConnectionEvent{Status: s}
		if s == xmppclient.StatusReconnecting {
			ev.RetryAt = testNow.Add(time.Second)
		}
		m.update(ev)
	}
	mustShow(t, m, "Connected again.")
}

func TestStatusBarStates(t *testing.T) {
	for _, tc := range []struct {
		ev   xmppclient.ConnectionEvent
		want string
	}{
		{xmppclient.ConnectionEvent{Status: xmppclient.StatusConnecting}, "CONNECTING"},
		{xmppclient.ConnectionEvent{Status: xmppclient.StatusDisconnected}, "DISCONNECTED"},
		{xmppclient.ConnectionEvent{Status: xmppclient.StatusConnectionFailed, Reason: "not-authorized"}, "CONNECTIONFAILED: not-authorized"},
	} {
		m, _, _ := loggedIn(t, 80, 24)
		send(t, m, tc.ev)
		if got := lastLine(m); !strings.Contains(got, tc.want) {
			t.Errorf("%s: status bar = %q", tc.ev.Status, got)
		}
	}
}

func TestStatusBarAlwaysOneLineOfFullWidth(t *testing.T) {
	m, _, _ := loggedIn(t, 60, 20)
	send(t, m, xmppclient.ConnectionEvent{Status: xmppclient.StatusConnectionFailed,
		Reason: strings.Repeat("a very long reason ", 20)})
	v := m.View().Content
	lines := strings.Split(v, "\n")
	if len(lines) != 20 {
		t.Fatalf("%d lines, want 20", len(lines))
	}
	if w := lipgloss.Width(lines[19]); w != 60 {
		t.Fatalf("status bar is %d wide, want 60", w)
	}
	if !strings.Contains(lastLine(m), "…") {
		t.Fatalf("long reason not cut with an ellipsis: %q", lastLine(m))
	}
}
