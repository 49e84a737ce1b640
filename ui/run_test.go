package ui

import (
	"context"
	"io"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/parley-im/parley/xmppclient"
)

func colorProfileMsg(p colorprofile.Profile) tea.Msg { return tea.ColorProfileMsg{Profile: p} }

func TestRunQuitsAndLogsOut(t *testing.T) {
	s := newFakeSession("alice@example.org")
	s.contacts = []xmppclient.Contact{{JID: "bob@example.org", Show: xmppclient.ShowOnline, Subscription: "both"}}
	loggedIn := make(chan struct{})
	b := &fakeBackend{stored: true, password: "pw", session: s, loggedIn: loggedIn}
	in, typeKeys := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Run(context.Background(), Options{
			Account: "alice@example.org", Backend: b, Input: in, Output: io.Discard,
			Environ: []string{"TERM=xterm-256color"}, Width: 80, Height: 24,
		})
	}()
	<-loggedIn
	// Run starts the log-in before the program; the key is typed once the
	// program has applied it (it then asks for the account's profile).
	deadline := time.Now().Add(30 * time.Second)
	for !s.called("profile alice@example.org") {
		if time.Now().After(deadline) {
			t.Fatal("the program never applied the log-in")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Events go through the pump into the program, in order: Bob going
	// offline (after his message) makes the program ask when he was last
	// seen, which the session records.
	s.events <- xmppclient.MessageEvent{From: "bob@example.org", Body: "hi"}
	s.events <- xmppclient.PresenceEvent{From: "bob@example.org", Show: xmppclient.ShowOffline}
	for !s.called("last bob@example.org") {
		if time.Now().After(deadline) {
			t.Fatal("the presence sent through the pump never reached the program")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := typeKeys.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	typeKeys.Close()
	if len(b.logins) != 1 {
		t.Fatalf("logins = %d, want the one Run started", len(b.logins))
	}
	if b.logouts != 1 {
		t.Fatalf("logouts = %d, want 1 on the way out", b.logouts)
	}
}

func TestRunNeedsBackend(t *testing.T) {
	if err := Run(context.Background(), Options{}); err == nil {
		t.Fatal("Run without a backend succeeded")
	}
}

// A log-in Run started for --account that only succeeds after the program
// has ended is logged out before Run returns.
func TestRunLogsOutALateStartedLogin(t *testing.T) {
	s := newFakeSession("alice@example.org")
	entered, hold := make(chan struct{}), make(chan struct{})
	b := &fakeBackend{stored: true, password: "pw", session: s, entered: entered, hold: hold}
	ctx, cancel := context.WithCancel(context.Background())
	in, typeKeys := io.Pipe()
	defer typeKeys.Close()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{
			Account: "alice@example.org", Backend: b, Input: in, Output: io.Discard,
			Environ: []string{"TERM=xterm-256color"}, Width: 80, Height: 24,
		})
	}()
	<-entered
	cancel() // the program ends while the log-in is still under way
	close(hold)
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if b.logouts != 1 || !s.called("logout") {
		t.Fatalf("logouts = %d (session logged out: %v), want the late session logged out once", b.logouts, s.called("logout"))
	}
}
