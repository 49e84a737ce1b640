package ui

import (
	"charm.land/bubbles/v2/key"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/xmppclient"
)

// regDoneModel shows the new account's credentials, once: leaving the
// screen forgets them.
type regDoneModel struct {
	result   xmppclient.RegisterResult
	stored   string // where the password was kept, or why not
	loginErr string // registered, but logging in failed
}

func (r *regDoneModel) update(m *Common, msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, m.keys.Continue):
		failed := r.loginErr != ""
		return m.ask(continueMsg{jid: r.result.UserJID, toLogin: failed || !m.loggedIn()})
	}
	return nil
}

func (r *regDoneModel) view(m *Common, w, h int) string {
	st := m.styles
	var b strings.Builder
	b.WriteString("\n" + st.OK.Render("  ✓ Your account is ready") + "\n\n")
	row := func(label, value string) {
		b.WriteString("  " + st.Label.Render(fit(label, 10)) + " " + st.Title.Render(trunc(clean(value), w-14)) + "\n")
	}
	row("JID", r.result.UserJID)
	row("User name", r.result.Username)
	row("Password", r.result.Password)
	if r.result.IsSandbox {
		b.WriteString("\n" + st.Subtle.Render("  On the local sandbox server (trial mode).") + "\n")
	}
	b.WriteString("\n")
	note := r.stored
	if note == "" {
		note = "The password was not stored anywhere."
	}
	b.WriteString(wrapBlock(st.Warn, "  ", clean(note), w-2) + "\n")
	b.WriteString(wrapBlock(st.Subtle, "  ", "This is the only time the password is shown. Write it down if it was not stored.", w-2) + "\n\n")
	if r.loginErr != "" {
		b.WriteString(wrapBlock(st.Error, "  ✗ ", "Logging in failed: "+r.loginErr, w-1) + "\n")
		b.WriteString("  " + keyHint(st, m.keys.Continue, "go to the log-in form") + "\n")
	} else {
		b.WriteString("  " + keyHint(st, m.keys.Continue, "continue to your contacts") + "\n")
	}
	return b.String()
}
