package xmppclient

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strings"
	"testing"

	"mellium.im/xmlstream"
)

// prosodyForm is what Prosody 0.12 answers to the get with
// additional_registration_fields = { "email+", "nick" }, plus a list and a
// boolean field to cover those types.
const prosodyForm = `<iq type='result' id='r1'><query xmlns='jabber:iq:register'>
<instructions>Choose a username and password for use with this service.</instructions>
<username/><password/><email/><nick/>
<x xmlns='jabber:x:data' type='form'>
<title>Creating a new account</title>
<instructions>Choose a username and password for use with this service.</instructions>
<field type='hidden' var='FORM_TYPE'><value>jabber:iq:register</value></field>
<field type='text-single' var='username' label='Username'><required/></field>
<field type='text-private' var='password' label='Password'><required/></field>
<field type='text-single' var='email' label='Email'><required/></field>
<field type='text-single' var='nick' label='Nickname'/>
<field type='list-single' var='lang' label='Language'><value>en</value><option label='English'><value>en</value></option><option label='Deutsch'><value>de</value></option></field>
<field type='boolean' var='tos' label='I accept the terms'><required/></field>
</x></query></iq>`

func parseReply(t *testing.T, raw string) registerReply {
	t.Helper()
	var r registerReply
	if err := xml.Unmarshal([]byte(raw), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func submitted(t *testing.T, r xml.TokenReader) string {
	t.Helper()
	var buf bytes.Buffer
	e := xml.NewEncoder(&buf)
	if _, err := xmlstream.Copy(e, r); err != nil {
		t.Fatal(err)
	}
	if err := e.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestRegistrationFormMissingRequiredFieldNamesIt(t *testing.T) {
	_, _, err := fillReply(parseReply(t, prosodyForm), "alice", "pw", map[string]string{"tos": "true"})
	var fe *RegisterFieldError
	if !errors.As(err, &fe) || fe.Problem != RegisterFieldMissing || len(fe.Fields) != 1 || fe.Fields[0].Var != "email" || fe.Fields[0].Label != "Email" {
		t.Fatalf("err = %v (%+v), want email missing", err, fe)
	}
	if fe.User != "alice" || len(fe.Form.Fields) != 7 || fe.Form.Title != "Creating a new account" {
		t.Fatalf("form not carried: %+v", fe.Form)
	}
	lang, ok := fe.Form.Field("lang")
	if !ok || len(lang.Options) != 2 || lang.Options[1] != (RegisterOption{Label: "Deutsch", Value: "de"}) || lang.Type != "list-single" {
		t.Fatalf("lang field %+v", lang)
	}
	// A required boolean without a default must be answered too.
	_, _, err = fillReply(parseReply(t, prosodyForm), "alice", "pw", map[string]string{"email": "a@example.org"})
	if !errors.As(err, &fe) || fe.Problem != RegisterFieldMissing || len(fe.Fields) != 1 || fe.Fields[0].Var != "tos" {
		t.Fatalf("err = %v, want tos missing", err)
	}
}

func TestRegistrationFormIsFilled(t *testing.T) {
	sub, _, err := fillReply(parseReply(t, prosodyForm), "alice", "s3cret", map[string]string{"email": "a@example.org", "lang": "de", "tos": "true"})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Type   string `xml:"type,attr"`
		Fields []struct {
			Var    string   `xml:"var,attr"`
			Values []string `xml:"value"`
		} `xml:"field"`
	}
	raw := submitted(t, sub)
	if err := xml.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatal(err)
	}
	vals := map[string]string{}
	for _, f := range got.Fields {
		vals[f.Var] = strings.Join(f.Values, ",")
	}
	want := map[string]string{"FORM_TYPE": "jabber:iq:register", "username": "alice", "password": "s3cret", "email": "a@example.org", "lang": "de", "tos": "true"}
	for k, v := range want {
		if vals[k] != v {
			t.Errorf("field %s = %q, want %q in %s", k, vals[k], v, raw)
		}
	}
	if _, sent := vals["nick"]; sent || got.Type != "submit" {
		t.Errorf("submission %s", raw)
	}
	var log bytes.Buffer
	_, out := debugTees(&log)
	_, _ = out.Write([]byte(raw))
	if strings.Contains(log.String(), "s3cret") || !strings.Contains(log.String(), "a@example.org") {
		t.Errorf("log of the submission: %s", log.String())
	}
}

func TestRegistrationFormRefusesWhatItCannotTake(t *testing.T) {
	for _, c := range []struct {
		fields  map[string]string
		problem RegisterFieldProblem
		v       string
	}{
		{map[string]string{"email": "a@b", "tos": "true", "shoe": "42"}, RegisterFieldUnknown, "shoe"},
		{map[string]string{"email": "a@b", "tos": "maybe"}, RegisterFieldValue, "tos"},
		{map[string]string{"email": "a@b", "tos": "1", "lang": "fr"}, RegisterFieldValue, "lang"},
		{map[string]string{"email": "a@b\nc@d", "tos": "1"}, RegisterFieldValue, "email"},
	} {
		_, _, err := fillReply(parseReply(t, prosodyForm), "alice", "pw", c.fields)
		var fe *RegisterFieldError
		if !errors.As(err, &fe) || fe.Problem != c.problem || fe.Var != c.v {
			t.Errorf("%v: err = %v, want %s on %s", c.fields, err, c.problem, c.v)
		}
	}
	for _, own := range []string{"username", "password"} {
		var fe *RegisterFieldError
		if err := validateFields(map[string]string{own: "x"}); !errors.As(err, &fe) || fe.Problem != RegisterFieldOwn {
			t.Errorf("%s given: %v", own, err)
		}
	}
	var fe *RegisterFieldError
	if err := validateFields(map[string]string{"email": "a\u202e@b"}); !errors.As(err, &fe) || fe.Problem != RegisterFieldBad {
		t.Errorf("bidi override accepted: %v", err)
	}
}

func TestLegacyRegistrationSendsNamedFields(t *testing.T) {
	legacy := `<iq type='result' id='r1'><query xmlns='jabber:iq:register'><username/><password/><email/></query></iq>`
	sub, _, err := fillReply(parseReply(t, legacy), "alice", "pw", map[string]string{"email": "a@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if raw := submitted(t, sub); raw != "<username>alice</username><password>pw</password><email>a@example.org</email>" {
		t.Fatalf("legacy submission %s", raw)
	}
	if _, _, err := fillReply(parseReply(t, legacy), "alice", "pw", map[string]string{"phone": "1"}); !errors.As(err, new(*RegisterFieldError)) {
		t.Fatalf("unknown legacy field: %v", err)
	}
	oob := `<iq type='result' id='r1'><query xmlns='jabber:iq:register'><instructions>Go to the web</instructions><x xmlns='jabber:x:oob'><url>https://example.org/register</url></x></query></iq>`
	var re *RegisterError
	if _, _, err := fillReply(parseReply(t, oob), "alice", "pw", nil); !errors.As(err, &re) || re.Problem != RegisterFormRequired || re.Detail != "https://example.org/register" {
		t.Fatalf("out-of-band form: %v", err)
	}
}
