package ui

import "charm.land/bubbles/v2/key"

// KeyMap holds every key binding; the help overlay is made from it, so a
// key that is bound here is also documented.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding

	Open, Back, Quit, ForceQuit, Help, HelpAnywhere, Command key.Binding

	Profile, OwnProfile, Edit, Add, Remove, Filter, SetStatus key.Binding
	Accept, Refuse, Refresh, Requests, Block                  key.Binding
	Forget, Keep                                              key.Binding

	NextField, PrevField, Toggle, Save, Submit, Run key.Binding
	Complete, PrevComplete, Erase                   key.Binding
	NextMatch, PrevMatch                            key.Binding
	LeaveFilter                                     key.Binding

	Yes, No, Continue, Create, LogIn, Send, NewLine key.Binding
}

// DefaultKeyMap is Parley's key map.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Up:       b([]string{"up", "k"}, "↑/k", "move up"),
		Down:     b([]string{"down", "j"}, "↓/j", "move down"),
		PageUp:   b([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
		PageDown: b([]string{"pgdown", "ctrl+f"}, "pgdn", "page down"),
		Home:     b([]string{"home", "g"}, "g/home", "first"),
		End:      b([]string{"end", "G"}, "G/end", "last"),

		Open:      b([]string{"enter"}, "enter", "open / chat"),
		Back:      b([]string{"esc"}, "esc", "back"),
		Quit:      b([]string{"q"}, "q", "quit"),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit (asks if unsaved)"),
		Help:      b([]string{"?"}, "?", "help"),
		// F1 is no text: it opens the help from a field or the chat too.
		HelpAnywhere: b([]string{"f1"}, "f1", "help, also while typing"),
		Command:      b([]string{"/"}, "/", "command line"),

		Profile:    b([]string{"p"}, "p", "contact's profile"),
		OwnProfile: b([]string{"o"}, "o", "own profile"),
		Edit:       b([]string{"e"}, "e", "edit own profile"),
		Add:        b([]string{"a"}, "a", "add contact"),
		Remove:     b([]string{"d", "delete"}, "d/del", "remove contact"),
		Filter:     b([]string{"f"}, "f", "filter contacts"),
		SetStatus:  b([]string{"s"}, "s", "set profile status"),
		Accept:     b([]string{"y"}, "y", "accept request"),
		Refuse:     b([]string{"n"}, "n", "refuse request"),
		Refresh:    b([]string{"r"}, "r", "refresh"),
		Requests:   b([]string{"m"}, "m", "read message requests"),
		Block:      b([]string{"b"}, "b", "block / unblock contact"),
		Forget:     b([]string{"x"}, "x", "forget saved account (asks)"),
		// k is also Up: while the demo's trial account is throwaway, k
		// keeps it (as its notice says) and ↑ moves up.
		Keep: b([]string{"k"}, "k", "keep the demo's trial account"),
		// Only the arrows: j and k are text on the filter line.
		LeaveFilter: b([]string{"up", "down"}, "↑/↓", "leave the filter line"),

		NextField: b([]string{"tab", "down"}, "tab/↓", "next field"),
		PrevField: b([]string{"shift+tab", "up"}, "shift+tab/↑", "previous field"),
		Toggle:    b([]string{"space", "left", "right"}, "space", "toggle"),
		Save:      b([]string{"ctrl+s"}, "ctrl+s", "save / submit"),
		Submit:    b([]string{"enter"}, "enter", "next / submit"),
		Run:       b([]string{"enter"}, "enter", "run the command"),
		Complete:  b([]string{"tab"}, "tab", "complete"),

		PrevComplete: b([]string{"shift+tab"}, "shift+tab", "previous completion"),
		Erase:        b([]string{"backspace"}, "backspace", "erase (closes an empty line)"),
		// Only the arrows: letters are text on the command line.
		NextMatch: b([]string{"down"}, "↓", "next in the list of completions"),
		PrevMatch: b([]string{"up"}, "↑", "previous in the list of completions"),

		Yes:      b([]string{"y", "Y"}, "y", "yes"),
		No:       b([]string{"n", "N", "esc", "q"}, "n", "no"),
		Continue: b([]string{"enter", "esc", "space"}, "enter", "continue"),
		Create:   b([]string{"c"}, "c", "create an account"),
		LogIn:    b([]string{"l"}, "l", "log in with another account"),
		Send:     b([]string{"enter"}, "enter", "send"),
		// Shift+Enter reaches a program only where the terminal reports
		// it (kitty's keyboard protocol); Alt+Enter and Ctrl+J work in
		// every terminal.
		NewLine: b([]string{"alt+enter", "ctrl+j", "shift+enter"}, "alt+enter", "new line in the message (also ctrl+j)"),
	}
}

// helpSection is one titled group of the help overlay.
type helpSection struct {
	title string
	keys  []key.Binding
}

// helpSections lists every key, screen by screen.
func (k KeyMap) helpSections() []helpSection {
	return []helpSection{
		{"Everywhere", []key.Binding{k.Help, k.HelpAnywhere, k.Command, k.Back, k.Quit, k.ForceQuit}},
		{"Welcome", []key.Binding{k.Up, k.Down, k.Open, k.Forget, k.Create, k.LogIn}},
		{"Contacts", []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Open,
			k.Profile, k.OwnProfile, k.Edit, k.Add, k.Remove, k.Filter, k.SetStatus,
			k.Accept, k.Refuse, k.Refresh, k.Requests, k.Block, k.LeaveFilter}},
		{"Profile", []key.Binding{k.Edit, k.Open, k.Refresh}},
		{"Demo", []key.Binding{k.Keep}},
		{"Chat", []key.Binding{k.Send, k.NewLine, k.PageUp, k.PageDown, chatBack(k), chatCommand(k)}},
		{"Questions", []key.Binding{k.Yes, k.No}},
		{"Forms", []key.Binding{k.NextField, k.PrevField, k.Toggle, k.Save, k.Submit}},
		{"Command line", []key.Binding{k.Complete, k.PrevComplete, k.NextMatch, k.PrevMatch, k.Erase, k.Run}},
	}
}

// chatBack and chatCommand are Back and Command as the chat's section of
// the help describes them.
func chatBack(k KeyMap) key.Binding {
	b := k.Back
	b.SetHelp(b.Help().Key, "back to the contacts (the draft stays)")
	return b
}

func chatCommand(k KeyMap) key.Binding {
	b := k.Command
	b.SetHelp(b.Help().Key, "command line, on an empty message")
	return b
}

// hint is a key hint for a footer or the status bar: the binding's key and
// desc, or its own description when desc is "". Hints are made from the
// key map only, so a rebound key is hinted as it is bound.
func hint(b key.Binding, desc string) string {
	h := b.Help()
	if desc == "" {
		desc = h.Desc
	}
	return h.Key + " " + desc
}

// keyHint is hint with the key drawn in the key style, for footers.
func keyHint(st Styles, b key.Binding, desc string) string {
	h := b.Help()
	if desc == "" {
		desc = h.Desc
	}
	return st.Key.Render(h.Key) + " " + desc
}

// hintPair is one hint for two bindings ("pgup/pgdn scroll").
func hintPair(a, b key.Binding, desc string) string {
	return a.Help().Key + "/" + b.Help().Key + " " + desc
}
