package ui

import (
	"charm.land/bubbles/v2/key"
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// confirmModel is a yes/no question over the current screen.
type confirmModel struct {
	question string
	yes      func(m *Model) tea.Cmd
	quit     bool // asked by Ctrl-C: a second Ctrl-C also means yes
}

// dialogAction is what a dialog asks of the root after a key: to close,
// and the action chosen, which the root runs once the dialog is closed.
// Dialogs never change the root themselves.
type dialogAction struct {
	close bool
	run   func(m *Model) tea.Cmd
}

func (c *confirmModel) update(km KeyMap, k tea.KeyPressMsg) dialogAction {
	switch {
	case key.Matches(k, km.Yes):
		return dialogAction{close: true, run: c.yes}
	case key.Matches(k, km.No):
		return dialogAction{close: true}
	}
	return dialogAction{}
}

// runDialog closes the dialog if a asks, then runs its action.
func (m *Model) runDialog(a dialogAction, close func()) tea.Cmd {
	if a.close {
		close()
	}
	if a.run == nil {
		return nil
	}
	return a.run(m)
}

func (c *confirmModel) view(st Styles, km KeyMap, w int) string {
	inner := min(56, max(20, w-8))
	lines := wrapText(c.question, inner)
	body := strings.Join(lines, "\n") + "\n\n" + keyHint(st, km.Yes, "") + "   " + keyHint(st, km.No, "")
	return st.Box.Render(body)
}

// confirmRemove asks before removing a contact.
func (m *Model) confirmRemove(jid string) tea.Cmd {
	if !m.loggedIn() {
		m.fail(errNotLoggedIn)
		return nil
	}
	name := clean(jid)
	if e, ok := m.state.roster.get(jid); ok && e.name != name {
		name = e.name + " (" + name + ")"
	}
	m.confirm = &confirmModel{
		question: fmt.Sprintf("Remove %s from your contacts? You will stop seeing each other's presence.", name),
		yes: func(m *Model) tea.Cmd {
			return m.act("removing "+clean(jid), "Removed "+clean(jid)+".",
				func(ctx context.Context, s Session) error { return s.RemoveContact(ctx, jid) })
		},
	}
	return nil
}

// promptModel is a one-line question over the current screen.
type promptModel struct {
	title  string
	note   string
	input  textinput.Model
	err    string
	check  func(value string) error             // a refused value keeps the prompt open
	submit func(m *Model, value string) tea.Cmd // the action for an accepted value
}

func (p *promptModel) update(km KeyMap, k tea.KeyPressMsg) (dialogAction, tea.Cmd) {
	switch {
	case key.Matches(k, km.Back):
		return dialogAction{close: true}, nil
	case key.Matches(k, km.Submit):
		v := strings.TrimSpace(p.input.Value())
		if err := p.check(v); err != nil {
			p.err = err.Error()
			return dialogAction{}, nil
		}
		return dialogAction{close: true, run: func(m *Model) tea.Cmd { return p.submit(m, v) }}, nil
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(k)
	p.err = ""
	return dialogAction{}, cmd
}

func (p *promptModel) view(st Styles, km KeyMap, w int) string {
	inner := promptInner(w)
	var b strings.Builder
	b.WriteString(st.Title.Render(p.title) + "\n\n")
	b.WriteString(st.Accent.Render("› ") + p.input.View() + "\n")
	if p.err != "" {
		b.WriteString(wrapBlock(st.Error, "✗ ", p.err, inner) + "\n")
	} else if p.note != "" {
		b.WriteString(wrapBlock(st.Subtle, "", p.note, inner) + "\n")
	}
	b.WriteString("\n" + keyHint(st, km.Submit, "ok") + "   " + keyHint(st, km.Back, "cancel"))
	return st.Box.Width(inner + 4).Render(b.String())
}

// openAddPrompt asks for the JID of a contact to add.
func (m *Model) openAddPrompt(jid string) tea.Cmd {
	if !m.loggedIn() {
		m.fail(errNotLoggedIn)
		return nil
	}
	in := newInput("bob@example.org", 3071, false)
	in.SetValue(jid)
	m.prompt = &promptModel{
		title:  "Add a contact",
		note:   "They are asked to share their presence with you.",
		input:  in,
		check:  validJID,
		submit: (*Model).addContact,
	}
	return m.prompt.input.Focus()
}

// addContact adds a contact and asks for its presence.
func (m *Model) addContact(jid string) tea.Cmd {
	jid = bare(jid)
	return m.act("adding "+clean(jid),
		"Added "+clean(jid)+": shown as waiting until they accept.",
		func(ctx context.Context, s Session) error { return s.AddContact(ctx, jid, "") })
}
