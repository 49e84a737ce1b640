package ui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/errtext"
)

// searchShown bounds the matches /search lists in its notice.
const searchShown = 5

// cmdSearch searches the local history: of the open chat, or of every
// chat from elsewhere.
func cmdSearch(m *Model, text string) tea.Cmd {
	h, ok := m.session.(historian)
	if !ok {
		m.fail(errtext.New(errtext.Unavailable, "This session keeps no message history to search."))
		return nil
	}
	jid := ""
	if m.screen == screenChat {
		jid = m.chat.jid
	}
	ctx := m.ctx
	return func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		msgs, err := h.Search(c, jid, text, 50)
		return searchMsg{jid: jid, text: text, msgs: msgs, err: err}
	}
}

// searchSummary is the notice /search answers with: the count and the
// newest matches, each with its time and sender.
func searchSummary(m *Model, msg searchMsg) string {
	where := "your chats"
	if msg.jid != "" {
		where = "the chat with " + clean(msg.jid)
	}
	if len(msg.msgs) == 0 {
		return fmt.Sprintf("No stored message in %s has %q.", where, clean(msg.text))
	}
	var parts []string
	for i := len(msg.msgs) - 1; i >= 0 && len(parts) < searchShown; i-- {
		s := msg.msgs[i]
		who := "me"
		if s.Direction != "out" {
			who = m.state.displayName(bare(s.From))
		}
		parts = append(parts, fmt.Sprintf("%s %s: %s", s.Time.Local().Format("Jan 2 15:04"), who, clean(s.Body)))
	}
	return fmt.Sprintf("%d found in %s (newest first): %s", len(msg.msgs), where, strings.Join(parts, " · "))
}
