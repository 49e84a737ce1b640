package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/parley-im/parley/xmppclient"
)

// The fields a server's registration form (XEP-0004) asks for beyond the
// user name and password. They are known only once a first attempt
// reports them (a RegisterFieldError carries the form); they are then
// drawn under the server fields, kept filled across attempts, and dropped
// when the user picks another server.

// serverFieldPrefix marks a form field that answers the server's form.
const serverFieldPrefix = "x:"

// serverForm is what registerModel keeps of the server's form.
type serverForm struct {
	target string          // the server the fields belong to (see registerTarget)
	note   string          // the server's instructions and out-of-band URL
	multi  map[string]bool // the list-multi fields, comma-separated in their input
	// captcha is the form's CAPTCHA (captcha.go), if it has one.
	captcha *captchaState
}

// registerTarget names the server a registration request goes to.
func registerTarget(req RegisterRequest) string {
	if req.Sandbox {
		return "sandbox"
	}
	return req.Domain + "|" + req.Server
}

// takeFormError adds the fields of the server's form carried by err and
// marks the ones err is about. It reports whether err was about the form.
func (r *registerModel) takeFormError(m *Common, err error, target string) bool {
	var fe *xmppclient.RegisterFieldError
	if !errors.As(err, &fe) {
		return false
	}
	if r.asked.target != target {
		r.dropServerFields()
	}
	r.asked.target, r.asked.note = target, formNote(fe.Form)
	spent := r.asked.captcha != nil && r.asked.captcha.spent
	r.asked.captcha = nil
	r.addServerFields(fe.Form)
	if c := fe.Form.Captcha; c != nil {
		r.takeCaptcha(c)
	}
	var first string
	mark := func(v, msg string) {
		if f := r.form.get(serverFieldPrefix + v); f != nil {
			f.err = msg
			if first == "" {
				first = f.key
			}
		}
	}
	switch fe.Problem {
	case xmppclient.RegisterFieldMissing:
		for _, f := range fe.Fields {
			if serverFieldPrefix+f.Var != r.captchaField() {
				mark(f.Var, "The server asks for this to register.")
			}
		}
	case xmppclient.RegisterFieldValue, xmppclient.RegisterFieldBad:
		mark(fe.Var, errText(err))
	}
	if r.form.get(r.captchaField()) != nil {
		r.markCaptcha(m, fe, spent)
		if first == "" {
			r.form.focusKey(r.captchaField())
			return true
		}
	}
	if first == "" {
		r.err = errText(err)
		return true
	}
	r.form.focusKey(first)
	return true
}

func formNote(f xmppclient.RegisterForm) string {
	var parts []string
	if f.Instructions != "" {
		parts = append(parts, f.Instructions)
	}
	for _, fl := range f.Fields {
		if fl.Var == "captcha-fallback-text" && f.Captcha != nil {
			continue // ejabberd's pointer to the page, drawn under the image
		}
		if fl.Type == "fixed" && len(fl.Value) > 0 {
			parts = append(parts, strings.Join(fl.Value, " "))
		}
	}
	if f.URL != "" {
		parts = append(parts, "Open "+f.URL)
	}
	return strings.Join(parts, " ")
}

// addServerFields adds a form field for each field of sf the user answers,
// after the server's address and CA file, keeping those already there (and what was
// typed in them).
func (r *registerModel) addServerFields(sf xmppclient.RegisterForm) {
	at := slices.Index(r.form.fields, r.form.get("ca")) + 1
	width := r.form.get("identifier").input.Width()
	for _, f := range sf.Fields {
		if f.Filled() || f.Var == "" || r.form.get(serverFieldPrefix+f.Var) != nil {
			continue
		}
		fl := serverField(f)
		if f.Type == "list-multi" {
			if r.asked.multi == nil {
				r.asked.multi = map[string]bool{}
			}
			r.asked.multi[f.Var] = true
		}
		fl.placeholder = fl.input.Placeholder
		if width > 0 {
			fl.input.SetWidth(width)
			fitPlaceholder(&fl.input, fl.placeholder, width)
		}
		r.form.fields = slices.Insert(r.form.fields, at, fl)
		at++
	}
	r.form.setFocus(r.form.focus)
}

// serverField is the form row of one field of the server's form.
func serverField(f xmppclient.RegisterField) *field {
	label := f.Label
	if label == "" {
		label = f.Var
	}
	if f.Required {
		label = trunc(label, labelCol-2) + " *"
	}
	fl := &field{key: serverFieldPrefix + f.Var, label: label, hint: f.Desc}
	switch f.Type {
	case "boolean":
		fl.kind, fl.on = kindToggle, slices.Contains(f.Value, "true") || slices.Contains(f.Value, "1")
		fl.hint = f.Label
		if f.Desc != "" {
			fl.hint += " (" + f.Desc + ")"
		}
		return fl
	case "list-single", "list-multi":
		fl.input = newInput(optionsPlaceholder(f), 1024, false)
		fl.validate = listValidator(f)
	default:
		fl.input = newInput(textPlaceholder(f), 1024, f.Type == "text-private")
		fl.validate = requiredValidator(f.Required)
	}
	if len(f.Value) > 0 && f.Type != "text-private" {
		fl.input.SetValue(strings.Join(f.Value, ", "))
	}
	return fl
}

func textPlaceholder(f xmppclient.RegisterField) string {
	if f.Required {
		return "required by the server"
	}
	return "optional"
}

func optionsPlaceholder(f xmppclient.RegisterField) string {
	vals := make([]string, 0, len(f.Options))
	for _, o := range f.Options {
		vals = append(vals, o.Value)
	}
	if f.Type == "list-multi" {
		return "any of " + strings.Join(vals, ", ") + " (comma-separated)"
	}
	return "one of " + strings.Join(vals, ", ")
}

func requiredValidator(required bool) func(string) error {
	return func(s string) error {
		if required && strings.TrimSpace(s) == "" {
			return problem("The server asks for this to register.")
		}
		return nil
	}
}

// listValidator accepts the values of the field's options (one, or for
// list-multi any, comma-separated).
func listValidator(f xmppclient.RegisterField) func(string) error {
	return func(s string) error {
		vals := splitList(s)
		if len(vals) == 0 {
			return requiredValidator(f.Required)(s)
		}
		if f.Type == "list-single" && len(vals) > 1 {
			return problem("Choose one.")
		}
		for _, v := range vals {
			if len(f.Options) > 0 && !slices.ContainsFunc(f.Options, func(o xmppclient.RegisterOption) bool { return o.Value == v }) {
				return problem(fmt.Sprintf("%q is not a choice: %s.", v, optionsPlaceholder(f)))
			}
		}
		return nil
	}
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// dropServerFields removes the fields of another server's form.
func (r *registerModel) dropServerFields() {
	r.form.fields = slices.DeleteFunc(r.form.fields, func(f *field) bool { return strings.HasPrefix(f.key, serverFieldPrefix) })
	r.asked = serverForm{}
	r.form.setFocus(min(r.form.focus, len(r.form.fields)-1))
}

// serverFields are the answers to the server's form for req, or none when
// req goes to another server than the one that asked.
func (r *registerModel) serverFields(req RegisterRequest) map[string]string {
	if r.asked.target != registerTarget(req) {
		r.dropServerFields()
		return nil
	}
	out := map[string]string{}
	for _, f := range r.form.fields {
		v, ok := strings.CutPrefix(f.key, serverFieldPrefix)
		switch {
		case !ok:
		case f.kind == kindToggle:
			out[v] = fmt.Sprint(f.on)
		case r.asked.multi[v]:
			if vals := splitList(f.value()); len(vals) > 0 {
				out[v] = strings.Join(vals, "\n")
			}
		case f.value() != "":
			out[v] = f.value()
		}
	}
	if cs := r.asked.captcha; cs != nil && out[cs.c.Var] != "" {
		// The answer is to the challenge shown, not the one the next
		// stream brings.
		out = cs.c.Answer(out, out[cs.c.Var])
	}
	return out
}
