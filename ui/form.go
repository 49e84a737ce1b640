package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// fieldKind tells a text field from an on/off toggle and a choice.
type fieldKind int

const (
	kindText fieldKind = iota
	kindToggle
	kindChoice // one of options, cycled with the Toggle keys
)

// option is one value a choice field offers, with the words shown for it.
type option struct{ value, label string }

// field is one row of a form.
type field struct {
	key    string // stable name, e.g. "nickname"
	label  string
	kind   fieldKind
	input  textinput.Model
	on     bool   // a toggle's state
	err    string // shown under the field, in red
	hint   string // shown under the focused field when there is no error
	hidden bool   // skipped (e.g. server fields while Sandbox is on)
	// placeholder is the input's whole placeholder, kept while a narrow
	// input shows none (see fitPlaceholder).
	placeholder string
	validate    func(string) error
	// options and choice: a choice field's values and the chosen one.
	options []option
	choice  int
}

// problem is what a field validator says is wrong with the value: one
// sentence for the person typing, shown under the field as it is (so, unlike
// a Go error string, it is capitalised and ends with a full stop).
type problem string

func (p problem) Error() string { return string(p) }

// value is the field's text ("" for a toggle), or a choice's value.
func (f *field) value() string {
	if f.kind == kindChoice {
		if f.choice < 0 || f.choice >= len(f.options) {
			return ""
		}
		return f.options[f.choice].value
	}
	return f.input.Value()
}

// choose picks the option whose value is v; an unknown v keeps the choice.
func (f *field) choose(v string) {
	for i, o := range f.options {
		if o.value == v {
			f.choice = i
		}
	}
}

// control handles a key on a toggle or a choice: the Toggle keys flip the
// one and cycle the other (left goes back). It reports whether the key
// changed the field.
func (f *field) control(k tea.KeyPressMsg, km KeyMap) bool {
	if !key.Matches(k, km.Toggle) {
		return false
	}
	if f.kind == kindToggle {
		f.on = !f.on
		return true
	}
	n := len(f.options)
	if n == 0 {
		return false
	}
	step := 1
	if k.String() == "left" {
		step = n - 1
	}
	f.choice = (f.choice + step) % n
	return true
}

// check runs the field's validator and keeps its message.
func (f *field) check() bool {
	f.err = ""
	if f.validate == nil || f.kind != kindText || f.hidden {
		return true
	}
	if err := f.validate(f.input.Value()); err != nil {
		f.err = err.Error()
		return false
	}
	return true
}

// newInput makes a text input without a prompt (the form draws labels) and
// with a steady cursor (no blink ticks).
func newInput(placeholder string, limit int, password bool) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = limit
	st := textinput.DefaultStyles(true)
	st.Cursor.Blink = false
	// Faint survives NO_COLOR: a placeholder never reads as typed text.
	st.Focused.Placeholder = st.Focused.Placeholder.Faint(true)
	st.Blurred.Placeholder = st.Blurred.Placeholder.Faint(true)
	in.SetStyles(st)
	if password {
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
	}
	return in
}

// form is a column of fields with one focused.
type form struct {
	fields []*field
	focus  int
}

// formResult says what a key did to a form.
type formResult int

const (
	formNone      formResult = iota
	formChanged              // a value changed
	formMoved                // the focus moved
	formSubmitted            // enter on the last field, or ctrl+s
)

func (f *form) focused() *field {
	if f.focus < 0 || f.focus >= len(f.fields) {
		return nil
	}
	return f.fields[f.focus]
}

func (f *form) get(k string) *field {
	for _, fl := range f.fields {
		if fl.key == k {
			return fl
		}
	}
	return nil
}

// setFocus focuses field i (skipping nothing) and blurs the others.
func (f *form) setFocus(i int) tea.Cmd {
	if i < 0 || i >= len(f.fields) {
		return nil
	}
	f.focus = i
	var cmd tea.Cmd
	for j, fl := range f.fields {
		switch {
		case fl.kind != kindText: // a toggle has no text input
		case j == i:
			cmd = fl.input.Focus()
		default:
			fl.input.Blur()
		}
	}
	return cmd
}

// focusKey focuses the field named k.
func (f *form) focusKey(k string) tea.Cmd {
	for i, fl := range f.fields {
		if fl.key == k {
			return f.setFocus(i)
		}
	}
	return nil
}

// move focuses the next (+1) or previous (-1) visible field; it reports
// false at either end.
func (f *form) move(dir int) bool {
	for i := f.focus + dir; i >= 0 && i < len(f.fields); i += dir {
		if !f.fields[i].hidden {
			f.setFocus(i)
			return true
		}
	}
	return false
}

// lastVisible reports whether the focus is on the last visible field.
func (f *form) lastVisible() bool {
	for i := f.focus + 1; i < len(f.fields); i++ {
		if !f.fields[i].hidden {
			return false
		}
	}
	return true
}

// update handles one message for the form.
func (f *form) update(msg tea.Msg, km KeyMap) (formResult, tea.Cmd) {
	fl := f.focused()
	if fl == nil {
		return formNone, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, km.Save):
			return formSubmitted, nil
		case key.Matches(k, km.Submit):
			if f.lastVisible() {
				return formSubmitted, nil
			}
			f.move(1)
			return formMoved, nil
		case key.Matches(k, km.NextField):
			f.move(1)
			return formMoved, nil
		case key.Matches(k, km.PrevField):
			f.move(-1)
			return formMoved, nil
		}
		if fl.kind != kindText {
			if fl.control(k, km) {
				return formChanged, nil
			}
			return formNone, nil
		}
	}
	if fl.kind != kindText {
		return formNone, nil
	}
	before := fl.input.Value()
	var cmd tea.Cmd
	fl.input, cmd = fl.input.Update(msg)
	if fl.input.Value() != before {
		fl.check()
		return formChanged, cmd
	}
	return formNone, cmd
}

// validate checks every visible field; it focuses the first bad one.
func (f *form) validate() bool {
	first := -1
	for i, fl := range f.fields {
		if !fl.check() && first < 0 {
			first = i
		}
	}
	if first >= 0 {
		f.setFocus(first)
		return false
	}
	return true
}

// labelCol is the width of the label column.
const labelCol = 14

// inputWidth is the width of the inputs of a form w cells wide.
func inputWidth(w int) int { return max(8, w-labelCol-3) }

// setSize fits the inputs to a form w cells wide.
func (f *form) setSize(w int) {
	for _, fl := range f.fields {
		if fl.placeholder == "" {
			fl.placeholder = fl.input.Placeholder
		}
		fl.input.SetWidth(inputWidth(w) - 1) // the cursor takes one more cell
		fitPlaceholder(&fl.input, fl.placeholder, inputWidth(w)-1)
	}
}

// fitPlaceholder shows the placeholder whole or not at all: cut short it
// reads as typed text (without colour, nothing tells the two apart).
func fitPlaceholder(in *textinput.Model, full string, w int) {
	if width(full) < w {
		in.Placeholder = full
	} else {
		in.Placeholder = ""
	}
}

// view draws the form w cells wide (after setSize(w)).
func (f *form) view(st Styles, w int) string { return f.viewWith(st, w, nil) }

// viewWith is view with lines drawn above some fields, by key (a
// CAPTCHA's image above its answer).
func (f *form) viewWith(st Styles, w int, above map[string]string) string {
	var b strings.Builder
	inW := inputWidth(w)
	for i, fl := range f.fields {
		if fl.hidden {
			continue
		}
		if a := above[fl.key]; a != "" {
			b.WriteString(a + "\n")
		}
		focused := i == f.focus
		mark, label := "  ", st.Label.Render(fit(fl.label, labelCol))
		if focused {
			mark = st.Focused.Render("▸ ")
			label = st.Focused.Render(fit(fl.label, labelCol))
		}
		var val string
		switch fl.kind {
		case kindToggle:
			box := "[ ] "
			if fl.on {
				box = "[x] "
			}
			val = box + fl.hint
			if focused {
				val = st.Accent.Render(box) + fl.hint
			}
		case kindChoice:
			val = choiceView(st, fl, focused)
		default:
			val = fl.input.View() // setSize has fitted it to inW
		}
		b.WriteString(mark + label + " " + trunc(val, inW) + "\n")
		pad := strings.Repeat(" ", labelCol+3)
		switch {
		case fl.err != "":
			b.WriteString(wrapBlock(st.Error, pad+"✗ ", fl.err, labelCol+3+inW) + "\n")
		case focused && fl.kind != kindToggle && fl.hint != "":
			b.WriteString(wrapBlock(st.Subtle, pad, fl.hint, labelCol+3+inW) + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// dirty reports whether any text field or choice differs from its
// initial value.
func (f *form) dirty(initial map[string]string) bool {
	for _, fl := range f.fields {
		if fl.kind != kindToggle && fl.value() != initial[fl.key] {
			return true
		}
	}
	return false
}

// choiceView draws a choice as ‹ label ›, the arrows accented while it
// has the focus.
func choiceView(st Styles, fl *field, focused bool) string {
	label := ""
	if fl.choice >= 0 && fl.choice < len(fl.options) {
		label = fl.options[fl.choice].label
	}
	if focused {
		return st.Accent.Render("‹ ") + label + st.Accent.Render(" ›")
	}
	return "‹ " + label + " ›"
}
