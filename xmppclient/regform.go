package xmppclient

import (
	"encoding/xml"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-im/parley/profile"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/form"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/stanza"
)

// Registration forms (XEP-0004 inside XEP-0077): mellium's form package
// parses and submits them; this file fills them with what Parley makes
// (user name, password) and what the caller gives, and refuses a form that
// still lacks a required value before it is sent.

const (
	fieldUsername = "username"
	fieldPassword = "password"
	maxFieldValue = 4096
)

// RegisterOption is one choice of a list field.
type RegisterOption struct {
	Label string `json:"label,omitempty"`
	Value string `json:"value"`
}

// RegisterField is one field of the server's registration form, for a
// front end to draw. Type is the XEP-0004 field type ("text-single",
// "text-private", "boolean", "list-single", "list-multi", "fixed", …).
type RegisterField struct {
	Var      string           `json:"var,omitempty"`
	Type     string           `json:"type"`
	Label    string           `json:"label,omitempty"`
	Desc     string           `json:"desc,omitempty"`
	Required bool             `json:"required,omitempty"`
	Value    []string         `json:"value,omitempty"` // the server's default; a fixed field's text
	Options  []RegisterOption `json:"options,omitempty"`
}

// Filled reports whether Parley fills the field itself (the user name and
// the generated password) or the caller never gives it (fixed, hidden).
func (f RegisterField) Filled() bool {
	return f.Var == fieldUsername || f.Var == fieldPassword || f.Var == "FORM_TYPE" || f.Var == captchaURLVar ||
		f.Type == string(form.TypeFixed) || f.Type == string(form.TypeHidden)
}

// RegisterForm is what the server asks for to register: its data form's
// fields, or the legacy XEP-0077 fields; URL is an out-of-band (XEP-0066)
// address, such as a web page to register on or a CAPTCHA's; Captcha is
// the form's CAPTCHA challenge (XEP-0158), if it has one.
type RegisterForm struct {
	Title        string          `json:"title,omitempty"`
	Instructions string          `json:"instructions,omitempty"`
	Fields       []RegisterField `json:"fields,omitempty"`
	URL          string          `json:"url,omitempty"`
	Captcha      *Captcha        `json:"captcha,omitempty"`
}

// Field is the field named v, if the form has it.
func (f RegisterForm) Field(v string) (RegisterField, bool) {
	for _, fl := range f.Fields {
		if fl.Var == v && v != "" {
			return fl, true
		}
	}
	return RegisterField{}, false
}

// RegisterFieldProblem says what is wrong with the fields given for a
// registration form.
type RegisterFieldProblem string

// The problems a RegisterFieldError reports.
const (
	RegisterFieldMissing RegisterFieldProblem = "required field not given"           // Fields: the missing ones
	RegisterFieldUnknown RegisterFieldProblem = "the form has no such field"         // Var
	RegisterFieldOwn     RegisterFieldProblem = "field filled by parley itself"      // Var
	RegisterFieldValue   RegisterFieldProblem = "value not allowed for the field"    // Var, Value, Fields: that field
	RegisterFieldBad     RegisterFieldProblem = "field with a control character"     // Var
	RegisterFormRefused  RegisterFieldProblem = "the server refused the filled form" // Detail: the server's text
	RegisterCaptchaWrong RegisterFieldProblem = "the captcha answer was refused"     // Var: the answer field, Detail: the server's text
)

// RegisterFieldError is a registration form that cannot be (or was not)
// accepted as filled. Form is the whole form, for a front end to draw.
// Every string in it is sanitised.
type RegisterFieldError struct {
	Problem RegisterFieldProblem
	User    string
	Var     string
	Value   string
	Detail  string
	Fields  []RegisterField
	Form    RegisterForm
	Err     error
}

func (e *RegisterFieldError) Error() string {
	msg := "xmppclient: register"
	if e.User != "" {
		msg += " " + e.User
	}
	msg += ": " + string(e.Problem)
	if e.Var != "" {
		msg += fmt.Sprintf(" (%q)", e.Var)
	}
	for _, f := range e.Fields {
		if f.Var != e.Var {
			msg += fmt.Sprintf(" (%q)", f.Var)
		}
	}
	if e.Detail != "" {
		msg += fmt.Sprintf(": %q", e.Detail)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return profile.Sanitize(msg)
}

func (e *RegisterFieldError) Unwrap() error { return e.Err }

// validateFields checks the caller's fields before anything is sent.
// Multi-valued fields take their values one a line.
func validateFields(fields map[string]string) error {
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		v := fields[k]
		switch {
		case k == fieldUsername || k == fieldPassword:
			return &RegisterFieldError{Problem: RegisterFieldOwn, Var: k}
		case k == "" || len(k) > 64 || profile.HasUnsafe(k):
			return &RegisterFieldError{Problem: RegisterFieldBad, Var: profile.Sanitize(k)}
		case len(v) > maxFieldValue || profile.HasUnsafe(strings.ReplaceAll(v, "\n", "")):
			return &RegisterFieldError{Problem: RegisterFieldBad, Var: k}
		}
	}
	return nil
}

// describeForm is the sanitised view of a parsed data form.
func describeForm(d *form.Data, url string) RegisterForm {
	out := RegisterForm{Title: profile.Sanitize(d.Title()), Instructions: profile.Sanitize(d.Instructions()), URL: profile.Sanitize(url)}
	d.ForFields(func(fd form.FieldData) {
		f := RegisterField{
			Var: profile.Sanitize(fd.Var), Type: profile.Sanitize(string(fd.Type)), Label: profile.Sanitize(fd.Label),
			Desc: profile.Sanitize(fd.Desc), Required: fd.Required,
		}
		for _, v := range fd.Raw {
			f.Value = append(f.Value, profile.Sanitize(v))
		}
		if opts, ok := d.GetOptions(fd.Var); ok && fd.Var != "" {
			for _, o := range opts {
				f.Options = append(f.Options, RegisterOption{Label: profile.Sanitize(o.Label), Value: profile.Sanitize(o.Value)})
			}
		}
		out.Fields = append(out.Fields, f)
	})
	return out
}

// fillForm sets the user name, the password and the caller's fields on
// the server's form, and refuses an unknown field, a value the field
// cannot take, or a required field left empty.
func fillForm(d *form.Data, desc RegisterForm, username, password string, fields map[string]string) error {
	if _, ok := desc.Field(fieldUsername); !ok {
		return &RegisterError{Problem: RegisterFormRequired, User: username, Detail: desc.URL}
	}
	if _, ok := desc.Field(fieldPassword); !ok {
		return &RegisterError{Problem: RegisterFormRequired, User: username, Detail: desc.URL}
	}
	set := map[string]bool{fieldUsername: true, fieldPassword: true}
	if err := setField(d, form.TypeText, fieldUsername, username); err != nil {
		return err
	}
	if err := setField(d, form.TypeTextPrivate, fieldPassword, password); err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		f, ok := desc.Field(k)
		if !ok || f.Type == string(form.TypeFixed) {
			return &RegisterFieldError{Problem: RegisterFieldUnknown, Var: k}
		}
		if err := checkValue(f, fields[k]); err != nil {
			return err
		}
		if err := setField(d, form.FieldType(f.Type), k, fields[k]); err != nil {
			return &RegisterFieldError{Problem: RegisterFieldValue, Var: k, Value: fields[k], Fields: []RegisterField{f}, Err: err}
		}
		set[k] = fields[k] != ""
	}
	var missing []RegisterField
	for _, f := range desc.Fields {
		if !f.Required || f.Var == "" || set[f.Var] || f.Type == string(form.TypeFixed) {
			continue
		}
		if _, given := fields[f.Var]; !given && len(f.Value) > 0 && f.Value[0] != "" {
			continue // the server's default stands
		}
		missing = append(missing, f)
	}
	if len(missing) > 0 {
		return &RegisterFieldError{Problem: RegisterFieldMissing, Fields: missing}
	}
	return nil
}

// checkValue refuses a value the field's type or options do not allow.
func checkValue(f RegisterField, v string) error {
	bad := func() error {
		return &RegisterFieldError{Problem: RegisterFieldValue, Var: f.Var, Value: v, Fields: []RegisterField{f}}
	}
	lines := strings.Split(v, "\n")
	switch form.FieldType(f.Type) {
	case form.TypeBoolean:
		if _, err := strconv.ParseBool(v); err != nil {
			return bad()
		}
	case form.TypeList, form.TypeListMulti:
		if form.FieldType(f.Type) == form.TypeList && len(lines) > 1 {
			return bad()
		}
		for _, l := range lines {
			if len(f.Options) > 0 && !slices.ContainsFunc(f.Options, func(o RegisterOption) bool { return o.Value == l }) {
				return bad()
			}
		}
	case form.TypeTextMulti, form.TypeJIDMulti:
	default:
		if len(lines) > 1 {
			return bad()
		}
	}
	return nil
}

// setField sets v on the form in the Go type mellium's form wants for typ.
func setField(d *form.Data, typ form.FieldType, k, v string) error {
	var val any = v
	switch typ {
	case form.TypeBoolean:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return err
		}
		val = b
	case form.TypeListMulti:
		val = strings.Split(v, "\n")
	case form.TypeJID:
		j, err := jid.Parse(v)
		if err != nil {
			return err
		}
		val = j
	case form.TypeJIDMulti:
		var js []jid.JID
		for _, l := range strings.Split(v, "\n") {
			j, err := jid.Parse(l)
			if err != nil {
				return err
			}
			js = append(js, j)
		}
		val = js
	}
	_, err := d.Set(k, val)
	return err
}

// legacyForm is the view of a reply without a data form: the XEP-0077
// fields it names (none of them marked required: legacy forms cannot).
func legacyForm(reply registerReply) RegisterForm {
	out := RegisterForm{Instructions: profile.Sanitize(reply.Query.Instructions), URL: profile.Sanitize(reply.Query.OOB.URL)}
	if reply.Query.Username != nil {
		out.Fields = append(out.Fields, RegisterField{Var: fieldUsername, Type: string(form.TypeText), Required: true})
	}
	if reply.Query.Password != nil {
		out.Fields = append(out.Fields, RegisterField{Var: fieldPassword, Type: string(form.TypeTextPrivate), Required: true})
	}
	for _, el := range reply.Query.Other {
		if el.XMLName.Space == nsRegister && el.XMLName.Local != "registered" {
			out.Fields = append(out.Fields, RegisterField{Var: profile.Sanitize(el.XMLName.Local), Type: string(form.TypeText)})
		}
	}
	return out
}

// legacySubmission is the XEP-0077 set without a data form: the user name,
// the password and those caller fields the server's query names.
func legacySubmission(desc RegisterForm, username, password string, fields map[string]string) (xml.TokenReader, error) {
	parts := []xml.TokenReader{textElement(fieldUsername, username), textElement(fieldPassword, password)}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if _, ok := desc.Field(k); !ok {
			return nil, &RegisterFieldError{Problem: RegisterFieldUnknown, Var: k}
		}
		parts = append(parts, textElement(k, fields[k]))
	}
	return xmlstream.MultiReader(parts...), nil
}

// fillReply is the set to send for the server's reply to the get: its data
// form filled, or the legacy fields; with the form's view for errors.
func fillReply(reply registerReply, username, password string, fields map[string]string) (xml.TokenReader, RegisterForm, error) {
	withUser := func(err error, desc RegisterForm) error {
		if fe, ok := err.(*RegisterFieldError); ok {
			fe.User, fe.Form = username, desc
		}
		return err
	}
	if d := reply.Query.X; d != nil {
		desc := describeForm(d, reply.Query.OOB.URL)
		desc.Captcha = reply.captcha
		if desc.Captcha != nil && desc.Captcha.URL == "" {
			desc.Captcha.URL = webURL(desc.URL)
		}
		if err := fillForm(d, desc, username, password, fields); err != nil {
			return nil, desc, withUser(err, desc)
		}
		sub, _ := d.Submit()
		return sub, desc, nil
	}
	desc := legacyForm(reply)
	if reply.Query.Username == nil || reply.Query.Password == nil {
		return nil, desc, &RegisterError{Problem: RegisterFormRequired, User: username, Detail: desc.URL}
	}
	sub, err := legacySubmission(desc, username, password, fields)
	return sub, desc, withUser(err, desc)
}

// refusedForm is the server's refusal of the filled form: a refusal that
// says why (a wrong CAPTCHA answer, a field it does not like) keeps the
// server's words and the form, so that the user can correct it.
func refusedForm(se stanza.Error, username string, desc RegisterForm) error {
	text := profile.Sanitize(se.Text[""])
	if text == "" {
		for _, t := range se.Text {
			text = profile.Sanitize(t)
			break
		}
	}
	if c := desc.Captcha; c != nil && (se.Condition == stanza.NotAllowed || se.Condition == stanza.NotAcceptable || se.Condition == stanza.BadRequest) {
		// ejabberd answers a wrong answer with not-allowed, a challenge it
		// no longer knows with bad-request. desc carries this stream's
		// new challenge, for the next try.
		return &RegisterFieldError{Problem: RegisterCaptchaWrong, User: username, Var: c.Var, Detail: text, Form: desc, Err: se}
	}
	if text != "" && (se.Condition == stanza.NotAcceptable || se.Condition == stanza.BadRequest) {
		return &RegisterFieldError{Problem: RegisterFormRefused, User: username, Detail: text, Form: desc, Err: se}
	}
	return registerStanzaErr(se, username)
}
