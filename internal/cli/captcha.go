package cli

import (
	"encoding/json"
	"maps"
	"os"
	"slices"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// exitCaptcha is register's exit status after it printed a CAPTCHA
// challenge to answer (with --save-captcha): a script tells it from a
// failure (1) and a usage error (2).
const exitCaptcha = 3

// captchaChallenge is what register prints of a CAPTCHA to answer: the
// field to answer in, the page showing it, the file its image was saved
// to, and the hidden fields to give back with the answer.
type captchaChallenge struct {
	Field     string            `json:"field"`
	Label     string            `json:"label,omitempty"`
	URL       string            `json:"url,omitempty"`
	File      string            `json:"file,omitempty"`
	Type      string            `json:"type,omitempty"`
	Challenge map[string]string `json:"challenge,omitempty"`
	Answer    []string          `json:"answer"` // the arguments that answer it
}

// printCaptcha saves the image of the CAPTCHA in err's form to file (when
// it is one) and prints the challenge with the refusal. It reports false
// when err carries no CAPTCHA.
func (e *env) printCaptcha(err error, fe *xmppclient.RegisterFieldError, file string) (int, bool) {
	c := fe.Form.Captcha
	if c == nil || (fe.Problem != xmppclient.RegisterFieldMissing && fe.Problem != xmppclient.RegisterCaptchaWrong) {
		return 0, false
	}
	ch := captchaChallenge{Field: c.Var, Label: c.Label, URL: c.URL, Type: c.ImageType, Challenge: c.Challenge,
		Answer: []string{"--field", c.Var + "=ANSWER"}}
	for _, k := range slices.Sorted(maps.Keys(c.Challenge)) {
		ch.Answer = append(ch.Answer, "--field", k+"="+c.Challenge[k])
	}
	if c.IsImage() {
		if werr := os.WriteFile(file, c.Image, 0o600); werr != nil {
			return printResult(e.stdout, "", nil, errtext.New(errtext.Internal, "Cannot save the CAPTCHA image to %s: %v.", file, werr)), true
		}
		ch.File = file
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(response{StatusCode: errtext.Code(err), Message: errtext.Message(err), Data: map[string]any{"captcha": ch, "form": fe.Form}})
	return exitCaptcha, true
}
