package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/testenv"
)

// An ejabberd whose registration asks for a CAPTCHA: --save-captcha saves
// the image the server's captcha_cmd printed and prints the challenge
// (exit 3); the answer given back as --field registers, and a plain client
// logs in with the result; a wrong answer is a 400 that says so.
func TestRegisterWithCaptcha(t *testing.T) {
	isolate(t)
	srv := testenv.CaptchaEjabberd(t)
	flags := []string{"--domain", srv.Domain, "--server", srv.Addr, "--ca", srv.CAFile}
	file := filepath.Join(t.TempDir(), "captcha.png")

	r := run(t, "", append([]string{"register", "Ida", "--save-captcha", file}, flags...)...)
	ch := challengeOf(t, r)
	img, err := os.ReadFile(file)
	if r.code != exitCaptcha || r.resp.StatusCode != 400 || ch.Field != "ocr" || ch.File != file || ch.URL == "" || err != nil || !bytes.Equal(img, srv.Image) {
		t.Fatalf("register asked for a CAPTCHA (%v): %s", err, r.out)
	}
	answer := func(ch captchaChallenge, text string) []string {
		args := append([]string{"register", "Ida"}, flags...)
		for _, a := range ch.Answer {
			args = append(args, strings.Replace(a, "=ANSWER", "="+text, 1))
		}
		return args
	}

	r = run(t, "", append(answer(ch, "wrong"), "--save-captcha", file)...)
	if r.code != exitCaptcha || r.resp.StatusCode != 400 || !strings.Contains(r.resp.Message, "refused the answer to the CAPTCHA") {
		t.Fatalf("a wrong answer: %s", r.out)
	}
	ch = challengeOf(t, r) // the new challenge

	r = run(t, "", answer(ch, srv.Text(t))...)
	if r.code != 0 || r.resp.StatusCode != 200 {
		t.Fatalf("the right answer: %s", r.out)
	}
	logInWith(t, srv.Addr, srv.CAFile, r)
}

func challengeOf(t *testing.T, r result) captchaChallenge {
	t.Helper()
	var data struct {
		Captcha captchaChallenge `json:"captcha"`
	}
	if err := json.Unmarshal(r.resp.Data, &data); err != nil {
		t.Fatalf("%v: %s", err, r.out)
	}
	return data.Captcha
}
