package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// Trial is a throwaway trial account the UI was opened on (`parley demo`):
// the contact list says that it is forgotten when Parley quits, and the
// Keep key keeps it.
type Trial struct {
	// Keep saves the account and its password where a later `parley`
	// finds them. It returns the sentence to show, which holds the
	// password itself when nothing can keep it (no keyring).
	Keep func(ctx context.Context) (string, error)
}

// trialState is what the UI knows of the trial account.
type trialState struct {
	kept string // the sentence Keep returned; "" while it is throwaway
}

// keptMsg is the answer to Trial.Keep.
type keptMsg struct {
	text string
	err  error
}

func (msg keptMsg) apply(m *Model) tea.Cmd {
	m.endBusy()
	if msg.err != nil {
		m.fail(msg.err)
		return nil
	}
	m.trial.kept = clean(msg.text)
	return nil
}

// throwaway reports whether the account on show is the trial account, not
// kept yet.
func (m *Model) throwaway() bool {
	return m.opts.Trial != nil && m.trial.kept == "" && m.loggedIn() && m.state.account == bare(m.opts.Account)
}

// keepTrial keeps the trial account.
func (m *Model) keepTrial() tea.Cmd {
	keep, ctx := m.opts.Trial.Keep, m.ctx
	return tea.Batch(m.startBusy("keeping the trial account"), func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		text, err := keep(c)
		return keptMsg{text: text, err: err}
	})
}

// trialLines are the lines above the contact list about the trial
// account: that it is throwaway and how to keep it, or where it was kept.
func (m *Model) trialLines(w int) []string {
	st := m.styles
	switch {
	case m.throwaway():
		text := "Throwaway trial account: it is forgotten when you quit. " + m.keys.Keep.Help().Key + " keeps it (the account and its password)."
		return splitLines(wrapBlock(st.Warn, " ⚑ ", text, w-1))
	case m.opts.Trial != nil && m.trial.kept != "":
		return splitLines(wrapBlock(st.OK, " ✓ ", m.trial.kept, w-1))
	}
	return nil
}
