package ui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// welcomeModel is the first screen: the saved accounts (Enter logs in with
// the stored secret, or asks for the password where none is stored), then
// "Log in with another account" and "Create an account".
type welcomeModel struct {
	accounts []Account
	loaded   bool
	cursor   int
	asking   bool // the password prompt for accounts[cursor] is open
	password textinput.Model
	// saved is what Backend.PasswordSaved answered per account: a JID
	// missing is not known yet.
	saved map[string]bool
}

// passwordPlaceholder is the welcome prompt's placeholder.
const passwordPlaceholder = "password"

func newWelcome() welcomeModel {
	return welcomeModel{password: newInput(passwordPlaceholder, 1024, true), saved: map[string]bool{}}
}

func (w *welcomeModel) setAccounts(a []Account) {
	w.accounts = a
	w.loaded = true
	w.cursor = min(w.cursor, len(w.items())-1)
}

// needsPassword reports whether logging a in must ask for its password:
// nothing can hold it (no keyring, no password command), or the keyring
// was found not to.
func (w *welcomeModel) needsPassword(a Account) bool {
	saved, known := w.saved[a.JID]
	return !a.HasSecret || known && !saved
}

// secretMsg is the answer to Backend.PasswordSaved for one account.
type secretMsg struct {
	jid   string
	saved bool
}

// checkSaved asks, account by account, whether a password is saved for
// the accounts that may have one.
func (m *Model) checkSaved(accounts []Account) tea.Cmd {
	b, ctx := m.backend, m.ctx
	var cmds []tea.Cmd
	for _, a := range accounts {
		if !a.HasSecret {
			continue
		}
		jid := a.JID
		cmds = append(cmds, func() tea.Msg {
			ctx, cancel := context.WithTimeout(ctx, opTimeout)
			defer cancel()
			return secretMsg{jid: jid, saved: b.PasswordSaved(ctx, jid)}
		})
	}
	return tea.Batch(cmds...)
}

// menuAction is what a line of the welcome menu does.
type menuAction int

const (
	menuAccount  menuAction = iota // log in with the saved account of the line
	menuRegister                   // create an account
	menuLogin                      // log in with an account typed in
)

// menuItem is one line of the welcome menu.
type menuItem struct {
	action menuAction
	label  string
}

// items are the menu lines: the accounts, then the two actions.
func (w *welcomeModel) items() []menuItem {
	items := make([]menuItem, 0, len(w.accounts)+2)
	for _, a := range w.accounts {
		items = append(items, menuItem{menuAccount, a.JID})
	}
	register := menuItem{menuRegister, "Create an account"}
	if len(w.accounts) == 0 {
		return append(items, register, menuItem{menuLogin, "Log in with an existing account"})
	}
	return append(items, menuItem{menuLogin, "Log in with another account"}, register)
}

func (w *welcomeModel) update(m *Common, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case accountsMsg:
		w.setAccounts(msg.accounts)
		return nil
	case secretMsg:
		w.saved[msg.jid] = msg.saved
		return nil
	}
	k, isKey := msg.(tea.KeyPressMsg)
	if w.asking {
		return w.updatePassword(m, msg)
	}
	if !isKey || m.busy > 0 {
		return nil
	}
	n := len(w.items())
	switch {
	case key.Matches(k, m.keys.Up):
		w.cursor = (w.cursor - 1 + n) % n
	case key.Matches(k, m.keys.Down):
		w.cursor = (w.cursor + 1) % n
	case key.Matches(k, m.keys.Create):
		return m.ask(navigateMsg{to: screenRegister})
	case key.Matches(k, m.keys.LogIn):
		return m.ask(navigateMsg{to: screenLogin})
	case key.Matches(k, m.keys.Forget) && w.cursor < len(w.accounts):
		return m.ask(forgetAccountMsg{w.accounts[w.cursor].JID})
	case key.Matches(k, m.keys.Open):
		return w.choose(m)
	}
	return nil
}

// updatePassword handles a message while the password prompt is open.
func (w *welcomeModel) updatePassword(m *Common, msg tea.Msg) tea.Cmd {
	if k, isKey := msg.(tea.KeyPressMsg); isKey {
		switch {
		case key.Matches(k, m.keys.Back):
			w.asking = false
			w.password.Reset()
			return nil
		case key.Matches(k, m.keys.Submit):
			a := w.accounts[w.cursor]
			pw := w.password.Value()
			w.asking = false
			w.password.Reset()
			if pw == "" {
				return nil
			}
			// Where something can keep it (a keyring), it is kept.
			return m.ask(loginRequestMsg{LoginRequest{JID: a.JID, Password: pw, Server: a.Server, Remember: a.HasSecret}})
		}
	}
	var cmd tea.Cmd
	w.password, cmd = w.password.Update(msg)
	return cmd
}

// choose acts on the selected line.
func (w *welcomeModel) choose(m *Common) tea.Cmd {
	if w.cursor < len(w.accounts) {
		a := w.accounts[w.cursor]
		if w.needsPassword(a) {
			w.asking = true
			return w.password.Focus()
		}
		return m.ask(loginRequestMsg{LoginRequest{JID: a.JID, Server: a.Server}})
	}
	if w.items()[w.cursor].action == menuRegister {
		return m.ask(navigateMsg{to: screenRegister})
	}
	return m.ask(navigateMsg{to: screenLogin})
}

// confirmForget asks before removing a saved account and its password.
func (m *Model) confirmForget(jid string) tea.Cmd {
	b := m.backend
	m.confirm = &confirmModel{
		question: fmt.Sprintf("Forget %s? The account and its stored password are removed from this computer (the account itself stays on its server).", clean(jid)),
		yes: func(m *Model) tea.Cmd {
			return func() tea.Msg { return forgotMsg{jid: jid, err: b.ForgetAccount(jid)} }
		},
	}
	return nil
}

// forgotMsg is the answer to ForgetAccount.
type forgotMsg struct {
	jid string
	err error
}

// applyForgot reports a forgotten account and reads the list again.
func (m *Model) applyForgot(msg forgotMsg) tea.Cmd {
	if msg.err != nil {
		m.fail(msg.err)
	} else {
		m.info("Forgot " + clean(msg.jid) + " and its password.")
	}
	return m.loadAccounts()
}

// openRegister shows a fresh registration form.
func (m *Model) openRegister() tea.Cmd {
	if m.loggedIn() {
		m.fail(fmt.Errorf("log out first (/logout) to create another account"))
		return nil
	}
	m.register = newRegister(m.opts.DefaultServer)
	m.goTo(screenRegister)
	return m.register.form.setFocus(0)
}

// openLogin shows the log-in form, prefilled with jid.
func (m *Model) openLogin(jid string) tea.Cmd {
	m.login = newLogin(jid, m.opts.DefaultServer)
	m.goTo(screenLogin)
	if jid != "" {
		return m.login.form.focusKey("password")
	}
	return m.login.form.setFocus(0)
}

func (w *welcomeModel) view(m *Common, width, h int) string {
	st := m.styles
	var b strings.Builder
	b.WriteString("\n" + st.Title.Render("  ◆ Parley") + st.Subtle.Render("  — chat over XMPP, from your terminal") + "\n\n")
	switch {
	case !w.loaded:
		b.WriteString(st.Subtle.Render("  Reading saved accounts…") + "\n")
	case len(w.accounts) == 0:
		for _, l := range wrapText("Welcome! Create a new account, or log in with one you have.", max(10, width-4)) {
			b.WriteString("  " + l + "\n")
		}
		b.WriteString("\n")
	default:
		b.WriteString(st.Label.Render("  Your accounts") + "\n")
	}
	for i, item := range w.items() {
		if i == len(w.accounts) && len(w.accounts) > 0 {
			b.WriteString("\n")
		}
		line := item.label
		if item.action == menuAccount {
			line = w.accountLine(m, w.accounts[i])
		}
		// The text starts in the same column selected or not: the mark
		// and the highlight's own space take the unselected indent.
		if i == w.cursor {
			b.WriteString(st.Focused.Render("  ▸ ") + st.Cursor.Render(" "+trunc(line, width-8)+" ") + "\n")
		} else {
			b.WriteString("     " + trunc(line, width-7) + "\n")
		}
	}
	if m.busy > 0 {
		b.WriteString("\n  " + m.spin.View() + " " + m.inFlightOp + "…\n")
	}
	if w.asking {
		a := w.accounts[w.cursor]
		label := "  Password for " + st.Accent.Render(clean(a.JID)) + ":"
		if promptInline(width, a.JID) {
			b.WriteString("\n" + label + " " + w.password.View() + "\n")
		} else {
			b.WriteString("\n" + wrapBlock(st.Accent, "  ", "Password for "+clean(a.JID)+":", width-2) +
				"\n  " + st.Accent.Render("› ") + w.password.View() + "\n")
		}
		if a.HasSecret {
			b.WriteString(wrapBlock(st.Subtle, "  ", "No password is saved for this account yet: enter it once and it is kept for the next log-in.", width-2) + "\n")
		} else {
			b.WriteString(wrapBlock(st.Warn, "  ", "There is no keyring here, so this password will not be stored.", width-2) + "\n")
		}
	}
	if m.storage != "" {
		for _, l := range wrapText(clean(m.storage), max(10, width-4)) {
			b.WriteString("\n" + st.Subtle.Render("  "+l))
		}
	}
	return b.String()
}

// minPasswordInput is the narrowest password input the prompt draws after
// its label; a narrower one goes on a line of its own.
const minPasswordInput = 16

// promptInline reports whether the password input fits after "Password
// for JID:" on a screen w cells wide.
func promptInline(w int, jid string) bool {
	return width("  Password for "+clean(jid)+": ")+minPasswordInput <= w
}

// setSize fits the password input to the line it is drawn on.
func (w *welcomeModel) setSize(_ *Common, sw, _ int) {
	if !w.asking || w.cursor >= len(w.accounts) {
		return
	}
	jid := w.accounts[w.cursor].JID
	inW := sw - 5 // "  › " and the cursor
	if promptInline(sw, jid) {
		inW = sw - width("  Password for "+clean(jid)+": ") - 1
	}
	w.password.SetWidth(max(1, inW))
	fitPlaceholder(&w.password, passwordPlaceholder, inW)
}

// accountLine is a saved account as the menu shows it, with its tags.
func (w *welcomeModel) accountLine(m *Common, a Account) string {
	line := clean(a.JID)
	var tags []string
	if a.Sandbox {
		tags = append(tags, "sandbox")
	}
	switch saved, known := w.saved[a.JID]; {
	case w.needsPassword(a):
		tags = append(tags, "asks for password")
	case known && saved:
		tags = append(tags, "password saved")
	}
	if !a.LastUsed.IsZero() {
		tags = append(tags, "used "+ago(m.now().Sub(a.LastUsed)))
	}
	if len(tags) > 0 {
		line += m.styles.Subtle.Render("  " + strings.Join(tags, " · "))
	}
	return line
}
