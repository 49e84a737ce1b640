package xmppclient_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// A Prosody whose registration form asks for a required e-mail: without
// it nothing is submitted (the stanza log holds no set); with it the
// account is made, and its password is kept out of the stanza log.
func TestRegisterFillsTheServersForm(t *testing.T) {
	p := testenv.Prosody(t, testenv.RegistrationFields("email+"))
	srv := &testenv.Server{Name: testenv.ProsodyName, Domain: p.Domain, Addr: p.Addr, CAFile: p.CAFile, Prosody: p}
	ctx := testenv.Context(t, time.Minute)
	var log bytes.Buffer
	cfg := config(srv, srv.Domain, "")
	cfg.DebugXML = &log

	_, err := xmppclient.RegisterWith(ctx, cfg, "Grace", nil, nil)
	var fe *xmppclient.RegisterFieldError
	if !errors.As(err, &fe) || fe.Problem != xmppclient.RegisterFieldMissing || len(fe.Fields) != 1 || fe.Fields[0].Var != "email" || errtext.Code(err) != errtext.BadRequest {
		t.Fatalf("without the e-mail: %v", err)
	}
	if sentSet(log.String()) {
		t.Fatalf("a form was submitted:\n%s", log.String())
	}
	log.Reset()
	res, err := xmppclient.RegisterWith(ctx, cfg, "Grace", nil, map[string]string{"email": "grace@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if !sentSet(log.String()) || strings.Contains(log.String(), res.Password) || !strings.Contains(log.String(), "grace@example.org") {
		t.Fatalf("stanza log of the registration:\n%s", log.String())
	}
	c := xmppclient.New(config(srv, res.UserJID, res.Password))
	if err := c.Connect(ctx); err != nil {
		t.Fatalf("log in with the registered credentials: %v", err)
	}
	_ = c.Logout(ctx)
}

// sentSet reports an IQ set in the part of a stanza log that was sent.
func sentSet(log string) bool {
	for _, entry := range strings.Split(log, "\nSEND ") {
		if strings.HasPrefix(entry, "<iq") && (strings.Contains(entry, `type="set"`) || strings.Contains(entry, `type='set'`)) {
			return true
		}
	}
	return false
}
