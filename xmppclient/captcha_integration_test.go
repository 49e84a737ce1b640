package xmppclient_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// An ejabberd with captcha_protected registration: the first attempt
// returns the challenge (the image ejabberd's captcha_cmd printed, its
// answer field, its web page and the hidden challenge id) before anything
// is submitted; a wrong answer is RegisterCaptchaWrong with the new
// challenge; the right answer to that one registers.
func TestRegisterAnswersACaptcha(t *testing.T) {
	e := testenv.CaptchaEjabberd(t)
	srv := &testenv.Server{Name: testenv.EjabberdName, Domain: e.Domain, Addr: e.Addr, CAFile: e.CAFile}
	ctx := testenv.Context(t, time.Minute)
	cfg := config(srv, srv.Domain, "")

	_, err := xmppclient.RegisterWith(ctx, cfg, "Ada", nil, nil)
	var fe *xmppclient.RegisterFieldError
	if !errors.As(err, &fe) || fe.Problem != xmppclient.RegisterFieldMissing || errtext.Code(err) != errtext.BadRequest {
		t.Fatalf("without an answer: %v", err)
	}
	c := fe.Form.Captcha
	if c == nil || c.Var != "ocr" || !c.IsImage() || c.ImageType != "image/png" || !bytes.Equal(c.Image, e.Image) || c.URL == "" || c.Challenge["challenge"] == "" {
		t.Fatalf("the challenge: %+v", c)
	}
	if len(fe.Fields) != 1 || fe.Fields[0].Var != "ocr" {
		t.Fatalf("missing fields: %+v", fe.Fields)
	}

	_, err = xmppclient.RegisterWith(ctx, cfg, "Ada", nil, c.Answer(nil, e.Text(t)+"x"))
	if !errors.As(err, &fe) || fe.Problem != xmppclient.RegisterCaptchaWrong || fe.Var != "ocr" || errtext.Code(err) != errtext.BadRequest {
		t.Fatalf("a wrong answer: %v", err)
	}
	next := fe.Form.Captcha
	if next == nil || next.Challenge["challenge"] == c.Challenge["challenge"] {
		t.Fatalf("a wrong answer brings no new challenge: %+v", next)
	}

	res, err := xmppclient.RegisterWith(ctx, cfg, "Ada", nil, next.Answer(nil, e.Text(t)))
	if err != nil {
		t.Fatalf("the right answer: %v", err)
	}
	cl := xmppclient.New(config(srv, res.UserJID, res.Password))
	if err := cl.Connect(ctx); err != nil {
		t.Fatalf("log in with the registered credentials: %v", err)
	}
	_ = cl.Logout(ctx)
}
