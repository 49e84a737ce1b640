package xmppclient

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"strings"
	"testing"
)

// decodeReply decodes one register reply as registerOnStream does.
func decodeReply(t *testing.T, raw string) registerReply {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(raw))
	tok, err := d.Token()
	if err != nil {
		t.Fatal(err)
	}
	reply, err := decodeRegisterReply(d, tok.(xml.StartElement))
	if err != nil {
		t.Fatal(err)
	}
	return reply
}

func captchaReply(media, extra string) string {
	return `<iq type='result' id='r1'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'>
<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:captcha</value></field>
<field var='username' type='text-single'><required/></field>
<field var='password' type='text-private'><required/></field>
<field var='challenge' type='hidden'><value>c-42</value></field>
<field var='sid' type='hidden'><value>r1</value></field>
<field var='ocr' type='text-single' label='Enter the text you see'><media xmlns='urn:xmpp:media-element'>` + media + `</media><required/></field>
</x>` + extra + `</query></iq>`
}

// The image comes from a BoB element (cid:) or a data: URI; a web address
// is the page to open; the challenge id is kept, the sid is not.
func TestParseCaptcha(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\nfake")
	b64 := base64.StdEncoding.EncodeToString(png)
	cases := []struct {
		name, media, extra string
		image              bool
		url                string
	}{
		{"bob", `<uri type='image/png'>cid:sha1+1@bob.xmpp.org</uri><uri type='text/html'>https://example.org/c/42</uri>`,
			`<data xmlns='urn:xmpp:bob' cid='sha1+1@bob.xmpp.org' type='image/png'>` + b64 + `</data>`, true, "https://example.org/c/42"},
		{"data URI", `<uri type='image/png'>data:image/png;base64,` + b64 + `</uri>`, ``, true, ""},
		{"page only", `<uri type='text/html'>https://example.org/c/42</uri>`, ``, false, "https://example.org/c/42"},
		{"missing BoB", `<uri type='image/png'>cid:sha1+2@bob.xmpp.org</uri>`, ``, false, ""},
		{"unsafe page", `<uri type='text/html'>javascript:alert(1)</uri>`, ``, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := decodeReply(t, captchaReply(c.media, c.extra)).captcha
			if got == nil || got.Var != "ocr" || got.Label != "Enter the text you see" || got.IsImage() != c.image || got.URL != c.url {
				t.Fatalf("captcha %+v", got)
			}
			if c.image && (!bytes.Equal(got.Image, png) || got.ImageType != "image/png") {
				t.Fatalf("image %q %q", got.Image, got.ImageType)
			}
			if len(got.Challenge) != 1 || got.Challenge["challenge"] != "c-42" {
				t.Fatalf("challenge %v", got.Challenge)
			}
			ans := got.Answer(map[string]string{"email": "a@example.org"}, "x7k")
			if ans["ocr"] != "x7k" || ans["challenge"] != "c-42" || ans["email"] != "a@example.org" || len(ans) != 3 {
				t.Fatalf("answer %v", ans)
			}
		})
	}
}

// A form without a challenge has no CAPTCHA, and an image over the bound
// is not taken.
func TestParseCaptchaNone(t *testing.T) {
	if c := decodeReply(t, prosodyForm).captcha; c != nil {
		t.Fatalf("a CAPTCHA in Prosody's form: %+v", c)
	}
	big := base64.StdEncoding.EncodeToString(make([]byte, maxCaptchaSize+1))
	c := decodeReply(t, captchaReply(`<uri type='image/png'>data:image/png;base64,`+big+`</uri>`, ``)).captcha
	if c == nil || c.IsImage() {
		t.Fatalf("captcha %+v", c)
	}
}
