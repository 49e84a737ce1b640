package ui

import tea "charm.land/bubbletea/v2"

// component is what every screen is to the root: it handles the messages
// routed to it (its keys and input), asking the root for navigation and
// actions with request messages (nav.go, Common.ask); lays itself out for the body's w×h after every message
// (setSize: input widths, windows, scroll limits, avatars); draws itself
// at that size without changing state; says whether a text input has the
// focus (letter keys are then text, not commands); and gives its
// status-bar hints from the key map. Every call gets the root's Common
// (common.go), read only; no screen holds the root.
type component interface {
	update(m *Common, msg tea.Msg) tea.Cmd
	setSize(m *Common, w, h int)
	view(m *Common, w, h int) string
	typing() bool
	hints(m *Common) []string
}

// current is the screen on show.
func (m *Model) current() component {
	switch m.screen {
	case screenRegister:
		return &m.register
	case screenRegisterDone:
		return &m.regDone
	case screenLogin:
		return &m.login
	case screenContacts:
		return &m.contacts
	case screenProfile:
		return &m.view
	case screenEdit:
		return &m.edit
	case screenChat:
		return &m.chat
	}
	return &m.welcome
}

// formHints are the hints of the log-in and registration forms: Enter
// moves on (or submits on the last field), and space toggles only where
// the focused field is a toggle.
func formHints(k KeyMap, f *form) []string {
	next := hint(k.Submit, "next")
	if f.lastVisible() {
		next = hint(k.Submit, "submit")
	}
	out := []string{next, hint(k.Save, "submit"), hint(k.Back, "")}
	if fl := f.focused(); fl != nil && fl.kind == kindToggle {
		out = append(out, hint(k.Toggle, ""))
	}
	return out
}

func (w *welcomeModel) typing() bool { return w.asking }
func (w *welcomeModel) hints(m *Common) []string {
	k := m.keys
	switch {
	case w.asking:
		return []string{hint(k.Submit, "log in"), hint(k.Back, "cancel")}
	case w.cursor < len(w.accounts):
		return []string{hint(k.Open, "log in"), hint(k.Forget, "forget"), hint(k.Help, ""), hint(k.Quit, "")}
	}
	return []string{hint(k.Open, "select"), hint(k.Help, ""), hint(k.Quit, "")}
}

func (r *registerModel) typing() bool             { return true }
func (r *registerModel) hints(m *Common) []string { return formHints(m.keys, &r.form) }

func (l *loginModel) typing() bool { return true }
func (l *loginModel) hints(m *Common) []string {
	if l.form.focused() != nil && l.form.focused().key == "password" {
		// Enter in the password field logs in (see update).
		return append([]string{hint(m.keys.Submit, "log in")}, formHints(m.keys, &l.form)[1:]...)
	}
	return formHints(m.keys, &l.form)
}

func (r *regDoneModel) typing() bool             { return false }
func (r *regDoneModel) hints(m *Common) []string { return []string{hint(m.keys.Continue, "")} }

func (c *contactsModel) typing() bool { return c.filtering }
func (c *contactsModel) hints(m *Common) []string {
	k := m.keys
	if c.filtering {
		return []string{hint(k.Submit, "keep"), hint(k.Back, "clear")}
	}
	var out []string
	if m.throwaway() {
		out = append(out, hint(k.Keep, "keep account"))
	}
	if m.state.roster.len() == 0 || len(m.state.roster.list()) == 0 {
		// No row to open: only what works without one.
		return append(out, hint(k.Help, ""), hint(k.Add, "add"), hint(k.Command, "command"), hint(k.Quit, ""))
	}
	return append(out, hint(k.Help, ""), hint(k.Open, "chat"), hint(k.Profile, "profile"), hint(k.Add, "add"), hint(k.Command, "command"), hint(k.Quit, ""))
}

func (v *profileModel) typing() bool { return false }
func (v *profileModel) hints(m *Common) []string {
	k := m.keys
	if v.own(m) {
		return []string{hint(k.Back, ""), hint(k.Help, ""), hint(k.Edit, "edit"), hint(k.Refresh, "")}
	}
	return []string{hint(k.Back, ""), hint(k.Help, ""), hint(k.Open, "chat"), hint(k.Refresh, "")}
}

func (e *editModel) typing() bool { return true }
func (e *editModel) hints(m *Common) []string {
	k := m.keys
	return []string{hint(k.Save, "save"), hint(k.Back, "cancel"), hint(k.Complete, "next")}
}

func (c *chatModel) typing() bool { return true }
func (c *chatModel) hints(m *Common) []string {
	k := m.keys
	return []string{hint(k.Send, ""), hint(k.Back, ""), hintPair(k.PageUp, k.PageDown, "scroll")}
}
