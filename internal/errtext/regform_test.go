package errtext

import (
	"strings"
	"testing"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/xmppclient"
)

func TestRegisterFieldSentences(t *testing.T) {
	email := xmppclient.RegisterField{Var: "email", Type: "text-single", Label: "Email", Required: true}
	nick := xmppclient.RegisterField{Var: "nick", Type: "text-single", Label: "Nickname"}
	tos := xmppclient.RegisterField{Var: "tos", Type: "boolean", Label: "Terms"}
	lang := xmppclient.RegisterField{Var: "lang", Type: "list-single", Options: []xmppclient.RegisterOption{{Label: "English", Value: "en"}, {Value: "de"}}}
	form := xmppclient.RegisterForm{Fields: []xmppclient.RegisterField{{Var: "username"}, {Var: "password", Type: "text-private"}, email, nick}}
	fe := func(p xmppclient.RegisterFieldProblem, f func(e *xmppclient.RegisterFieldError)) error {
		e := &xmppclient.RegisterFieldError{Problem: p, User: "alice", Form: form}
		f(e)
		return e
	}
	checkSentences(t, []sentenceCase{
		{fe(xmppclient.RegisterFieldMissing, func(e *xmppclient.RegisterFieldError) { e.Fields = []xmppclient.RegisterField{email} }), BadRequest,
			`The server asks for "email" (Email) to register: give it with --field email=VALUE.`},
		{fe(xmppclient.RegisterFieldMissing, func(e *xmppclient.RegisterFieldError) {
			e.Fields = []xmppclient.RegisterField{email, {Var: "ocr", Label: "Enter the text you see"}}
			e.Form.URL = "https://example.org/captcha/1"
		}), BadRequest,
			`The server asks for "email" (Email) and "ocr" (Enter the text you see) to register: give them with --field email=VALUE --field ocr=VALUE. The server points to https://example.org/captcha/1.`},
		{fe(xmppclient.RegisterFieldUnknown, func(e *xmppclient.RegisterFieldError) { e.Var = "shoe" }), BadRequest,
			`The server's registration form has no field "shoe". It asks for "email" (Email) and "nick" (Nickname).`},
		{fe(xmppclient.RegisterFieldOwn, func(e *xmppclient.RegisterFieldError) { e.Var = "password" }), BadRequest,
			`Parley fills "password" itself (the user name is the identifier, the password is generated); do not give it as a field.`},
		{fe(xmppclient.RegisterFieldValue, func(e *xmppclient.RegisterFieldError) {
			e.Var, e.Value, e.Fields = "tos", "maybe", []xmppclient.RegisterField{tos}
		}), BadRequest,
			`The field "tos" (Terms) takes true or false, not "maybe".`},
		{fe(xmppclient.RegisterFieldValue, func(e *xmppclient.RegisterFieldError) {
			e.Var, e.Value, e.Fields = "lang", "fr", []xmppclient.RegisterField{lang}
		}), BadRequest,
			`"fr" is not a choice of the field "lang": give one of "en", "de".`},
		{fe(xmppclient.RegisterFormRefused, func(e *xmppclient.RegisterFieldError) {
			e.Detail, e.Err = "The CAPTCHA answer is wrong", stanza.Error{Condition: stanza.NotAcceptable}
		}), BadRequest, `The server refused the registration: The CAPTCHA answer is wrong.`},
		{fe(xmppclient.RegisterFieldMissing, func(e *xmppclient.RegisterFieldError) {
			e.Fields = []xmppclient.RegisterField{{Var: "ocr"}}
			e.Form.Captcha = &xmppclient.Captcha{Var: "ocr", Image: []byte("png"), ImageType: "image/png", URL: "https://example.org/captcha/7", Challenge: map[string]string{"challenge": "7"}}
		}), BadRequest,
			`The server asks you to answer a CAPTCHA to register: save its image with --save-captcha FILE or open https://example.org/captcha/7, then give the answer with --field ocr=ANSWER --field challenge=7.`},
		{fe(xmppclient.RegisterCaptchaWrong, func(e *xmppclient.RegisterFieldError) {
			e.Var, e.Detail = "ocr", "The CAPTCHA verification has failed"
			e.Form.Captcha = &xmppclient.Captcha{Var: "ocr", URL: "https://example.org/captcha/8", Challenge: map[string]string{"challenge": "8"}}
		}), BadRequest,
			`The server refused the answer to the CAPTCHA (The CAPTCHA verification has failed); answer the new one: open https://example.org/captcha/8, then give the answer with --field ocr=ANSWER --field challenge=8.`},
		{&xmppclient.RegisterError{Problem: xmppclient.RegisterFormRequired, Detail: "https://example.org/register"}, Forbidden,
			"The server registers accounts only out of band, not in Parley; register on its web page instead: https://example.org/register"},
	})
}

func TestFormMessageNamesTheCAFileField(t *testing.T) {
	err := &xmppclient.CertificateError{Problem: xmppclient.CertUnknownAuthority}
	if got := FormMessage(err); !strings.Contains(got, "in the CA file field") || strings.Contains(got, "--ca") {
		t.Fatalf("form message %q", got)
	}
	if got := Message(err); !strings.Contains(got, "--ca") {
		t.Fatalf("message %q", got)
	}
}
