package errtext

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/parley-im/parley/xmppclient"
)

// regFieldText words a registration form that cannot be sent as filled.
func regFieldText(e *xmppclient.RegisterFieldError) (int, string, bool) {
	var s string
	switch e.Problem {
	case xmppclient.RegisterFieldMissing:
		if c := e.Form.Captcha; c != nil && asksFor(e.Fields, c.Var) {
			return BadRequest, captchaText(c, "The server asks you to answer a CAPTCHA to register"), true
		}
		s = missingFieldsText(e.Fields)
	case xmppclient.RegisterCaptchaWrong:
		s = "The server refused the answer to the CAPTCHA"
		if d := strings.TrimSpace(e.Detail); d != "" {
			s += " (" + strings.TrimSuffix(d, ".") + ")"
		}
		if c := e.Form.Captcha; c != nil {
			return BadRequest, captchaText(c, s+"; answer the new one"), true
		}
		s += "."
	case xmppclient.RegisterFieldUnknown:
		s = fmt.Sprintf("The server's registration form has no field %q.", e.Var)
		if asked := askable(e.Form); asked != "" {
			s += " It asks for " + asked + "."
		}
	case xmppclient.RegisterFieldOwn:
		s = fmt.Sprintf("Parley fills %q itself (the user name is the identifier, the password is generated); do not give it as a field.", e.Var)
	case xmppclient.RegisterFieldBad:
		s = fmt.Sprintf("The field %q holds a control or invisible formatting character, or is too long; type it without one.", e.Var)
	case xmppclient.RegisterFieldValue:
		s = fieldValueText(e)
	case xmppclient.RegisterFormRefused:
		s = fmt.Sprintf("The server refused the registration: %s", strings.TrimSpace(e.Detail))
		if !strings.HasSuffix(s, ".") {
			s += "."
		}
	default:
		return 0, "", false
	}
	return BadRequest, s + formHints(e.Form), true
}

func asksFor(fields []xmppclient.RegisterField, v string) bool {
	for _, f := range fields {
		if f.Var == v {
			return true
		}
	}
	return false
}

// captchaText says how to answer the CAPTCHA c from the command line:
// see it (--save-captcha, or its page), then give the answer and the
// challenge's hidden fields as --field.
func captchaText(c *xmppclient.Captcha, lead string) string {
	see := "save its image with --save-captcha FILE"
	if c.URL != "" {
		see += " or open " + c.URL
	}
	if !c.IsImage() {
		see = "open " + c.URL
	}
	flags := []string{"--field " + c.Var + "=ANSWER"}
	for _, k := range slices.Sorted(maps.Keys(c.Challenge)) {
		flags = append(flags, fmt.Sprintf("--field %s=%s", k, c.Challenge[k]))
	}
	return fmt.Sprintf("%s: %s, then give the answer with %s.", lead, see, strings.Join(flags, " "))
}

func label(f xmppclient.RegisterField) string {
	if f.Label == "" || f.Label == f.Var {
		return fmt.Sprintf("%q", f.Var)
	}
	return fmt.Sprintf("%q (%s)", f.Var, f.Label)
}

func missingFieldsText(fields []xmppclient.RegisterField) string {
	names := make([]string, 0, len(fields))
	flags := make([]string, 0, len(fields))
	for _, f := range fields {
		names = append(names, label(f))
		flags = append(flags, "--field "+f.Var+"=VALUE")
	}
	them := "it"
	if len(fields) > 1 {
		them = "them"
	}
	return fmt.Sprintf("The server asks for %s to register: give %s with %s.", joinAnd(names), them, strings.Join(flags, " "))
}

func fieldValueText(e *xmppclient.RegisterFieldError) string {
	var f xmppclient.RegisterField
	if len(e.Fields) > 0 {
		f = e.Fields[0]
	} else {
		f.Var = e.Var
	}
	switch {
	case f.Type == "boolean":
		return fmt.Sprintf("The field %s takes true or false, not %q.", label(f), e.Value)
	case len(f.Options) > 0:
		vals := make([]string, 0, len(f.Options))
		for _, o := range f.Options {
			vals = append(vals, fmt.Sprintf("%q", o.Value))
		}
		return fmt.Sprintf("%q is not a choice of the field %s: give one of %s.", e.Value, label(f), strings.Join(vals, ", "))
	}
	return fmt.Sprintf("%q is not a value the field %s takes (one line).", e.Value, label(f))
}

// askable lists the fields of form a caller can give.
func askable(form xmppclient.RegisterForm) string {
	var names []string
	for _, f := range form.Fields {
		if !f.Filled() && f.Var != "" {
			names = append(names, label(f))
		}
	}
	return joinAnd(names)
}

// formHints is the server's out-of-band URL (a CAPTCHA's, or a web page
// to register on), after the sentence.
func formHints(form xmppclient.RegisterForm) string {
	if form.URL == "" {
		return ""
	}
	return " The server points to " + form.URL + "."
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
