package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/xmppclient"
)

// A chat opens with its newest stored page, and paging up past the
// oldest line shown loads the pages before it until the first message,
// above which the chat says it starts; then paging up asks for nothing.
func TestChatPagesBackThroughTheHistory(t *testing.T) {
	ctx := context.Background()
	d, err := history.OpenPath(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var ms []history.Message
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 130 {
		ms = append(ms, history.Message{Peer: "bob@example.org", From: "bob@example.org", To: "alice@example.org",
			Direction: history.In, Time: start.Add(time.Duration(i) * time.Minute), Body: fmt.Sprintf("old message %03d", i)})
	}
	if _, _, err := d.StoreAll(ctx, ms); err != nil {
		t.Fatal(err)
	}
	m, _, s := loggedIn(t, 80, 24, xmppclient.Contact{JID: "bob@example.org", Subscription: "both"})
	m.session = historySession{fakeSession: s, db: d}
	runCmd(m, m.openChat("bob@example.org"))
	log := m.state.chat("bob@example.org")
	if len(log.lines) != historyPage || !strings.Contains(screenText(m), "old message 129") {
		t.Fatalf("opened with %d lines:\n%s", len(log.lines), screenText(m))
	}
	for range 60 {
		_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyPgUp})
		runCmd(m, cmd)
		if strings.Contains(screenText(m), "old message 000") {
			break
		}
	}
	if len(log.lines) != 130 || !strings.Contains(screenText(m), "old message 000") {
		t.Fatalf("after paging up: %d lines\n%s", len(log.lines), screenText(m))
	}
	// The last page was short: the start, said above the first message,
	// and paging up further asks the history for nothing.
	if !strings.Contains(screenText(m), "The start of the conversation.") {
		t.Fatalf("no start mark above the first message:\n%s", screenText(m))
	}
	_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyPgUp})
	if cmd != nil {
		if msg, ok := cmd().(historyMsg); ok {
			t.Fatalf("paging up past the start asked for more history: %+v", msg)
		}
	}
}
