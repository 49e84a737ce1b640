package xmppclient

import (
	"encoding/base64"
	"encoding/xml"
	"io"
	"strings"

	"github.com/parley-im/parley/profile"
)

// CAPTCHAs on registration forms (XEP-0158). The challenge is a data form
// (FORM_TYPE urn:xmpp:captcha, or that of the registration form); its answer field carries a media
// element (XEP-0221) whose URIs point to the image: a cid: URI names Bits
// of Binary data (XEP-0231) sent in the same query, a data: URI holds it,
// an http(s) URI is a page to open. ejabberd adds a text field
// "captcha-fallback-url" with a web page showing the same challenge.
// mellium's form package drops media elements and it has no BoB package,
// so this file reads them from the query's raw XML.

const (
	nsCaptcha      = "urn:xmpp:captcha"
	nsMedia        = "urn:xmpp:media-element"
	nsBoB          = "urn:xmpp:bob"
	captchaURLVar  = "captcha-fallback-url"
	maxCaptchaSize = 256 << 10 // bytes of image; ejabberd caps its own at 64 KiB
)

// captchaAnswerVars are the answer fields XEP-0158 defines, in the order
// a terminal client can answer them.
var captchaAnswerVars = []string{"ocr", "qa", "picture_q", "picture_recog", "audio_recog", "speech_q", "speech_recog", "video_q", "video_recog"}

// Captcha is the challenge of a CAPTCHA-protected registration form.
// Image (its MIME type in ImageType) is empty when the challenge is not an
// image or was not sent inline; URL is then the page that shows it.
// The answer goes in the field Var; Challenge holds the hidden fields that
// name this challenge, to be sent back with the answer (a later attempt
// is a new stream, whose form carries a new challenge).
type Captcha struct {
	Var       string            `json:"field"`
	Label     string            `json:"label,omitempty"`
	ImageType string            `json:"type,omitempty"`
	Image     []byte            `json:"-"`
	URL       string            `json:"url,omitempty"`
	Challenge map[string]string `json:"challenge,omitempty"`
}

// IsImage reports whether the challenge is an image Parley can draw.
func (c *Captcha) IsImage() bool {
	return c != nil && len(c.Image) > 0 && strings.HasPrefix(c.ImageType, "image/")
}

// Answer is fields with the answer and the challenge's hidden fields set.
func (c *Captcha) Answer(fields map[string]string, answer string) map[string]string {
	out := make(map[string]string, len(fields)+len(c.Challenge)+1)
	for k, v := range fields {
		out[k] = v
	}
	for k, v := range c.Challenge {
		out[k] = v
	}
	out[c.Var] = answer
	return out
}

// captchaQuery is the part of a jabber:iq:register query a CAPTCHA uses.
type captchaQuery struct {
	X struct {
		Fields []struct {
			Var    string   `xml:"var,attr"`
			Type   string   `xml:"type,attr"`
			Label  string   `xml:"label,attr"`
			Values []string `xml:"value"`
			Media  []struct {
				URIs []struct {
					Type  string `xml:"type,attr"`
					Value string `xml:",chardata"`
				} `xml:"uri"`
			} `xml:"urn:xmpp:media-element media"`
		} `xml:"field"`
	} `xml:"jabber:x:data x"`
	Data []struct {
		CID   string `xml:"cid,attr"`
		Type  string `xml:"type,attr"`
		Value string `xml:",chardata"`
	} `xml:"urn:xmpp:bob data"`
}

// decodeRegisterReply decodes the element start opens twice, from its
// tokens kept: as a reply, and for the CAPTCHA in it.
func decodeRegisterReply(d *xml.Decoder, start xml.StartElement) (registerReply, error) {
	toks := []xml.Token{start.Copy()}
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			return registerReply{}, err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
		toks = append(toks, xml.CopyToken(tok))
	}
	var reply registerReply
	if err := xml.NewTokenDecoder(&tokenSlice{toks: toks}).Decode(&reply); err != nil {
		return registerReply{}, err
	}
	var iq struct {
		Query captchaQuery `xml:"jabber:iq:register query"`
	}
	if xml.NewTokenDecoder(&tokenSlice{toks: toks}).Decode(&iq) == nil {
		reply.captcha = parseCaptcha(iq.Query)
	}
	return reply, nil
}

// tokenSlice reads kept tokens again.
type tokenSlice struct{ toks []xml.Token }

func (s *tokenSlice) Token() (xml.Token, error) {
	if len(s.toks) == 0 {
		return nil, io.EOF
	}
	t := s.toks[0]
	s.toks = s.toks[1:]
	return t, nil
}

// parseCaptcha reads the CAPTCHA of a register query, or returns nil when
// its form has none.
func parseCaptcha(q captchaQuery) *Captcha {
	isCaptcha, hidden, url := false, map[string]string{}, ""
	var answer *Captcha
	for _, f := range q.X.Fields {
		val := ""
		if len(f.Values) > 0 {
			val = strings.TrimSpace(f.Values[0])
		}
		switch {
		case f.Var == "FORM_TYPE":
			isCaptcha = val == nsCaptcha
		case f.Type == "hidden" && f.Var == "challenge" && val != "":
			// Only the challenge id names it; its sid was the id of a
			// query on another stream.
			hidden[f.Var] = profile.Sanitize(val)
		case f.Var == captchaURLVar:
			url = val
		}
		if answer == nil && isAnswerVar(f.Var) {
			answer = &Captcha{Var: f.Var, Label: profile.Sanitize(f.Label)}
			isCaptcha = isCaptcha || len(f.Media) > 0
			for _, m := range f.Media {
				for _, u := range m.URIs {
					answer.take(strings.TrimSpace(u.Type), strings.TrimSpace(u.Value), q.Data)
				}
			}
		}
	}
	if answer == nil || !isCaptcha && hidden["challenge"] == "" {
		return nil
	}
	answer.Challenge = hidden
	if answer.URL == "" {
		answer.URL = url
	}
	answer.URL = webURL(answer.URL)
	return answer
}

func isAnswerVar(v string) bool {
	for _, a := range captchaAnswerVars {
		if v == a {
			return true
		}
	}
	return false
}

// take uses one media URI: the first image found inline (cid: or data:)
// is the challenge, a web address the page to open.
func (c *Captcha) take(typ, uri string, data []struct {
	CID   string `xml:"cid,attr"`
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}) {
	switch {
	case strings.HasPrefix(uri, "cid:") && len(c.Image) == 0:
		cid := strings.TrimPrefix(uri, "cid:")
		for _, d := range data {
			if d.CID != cid {
				continue
			}
			if img := decodeCaptcha(d.Value); img != nil {
				c.Image, c.ImageType = img, firstNonEmpty(typ, d.Type)
			}
		}
	case strings.HasPrefix(uri, "data:") && len(c.Image) == 0:
		meta, payload, ok := strings.Cut(strings.TrimPrefix(uri, "data:"), ",")
		mime, isB64 := strings.CutSuffix(meta, ";base64")
		if ok && isB64 {
			if img := decodeCaptcha(payload); img != nil {
				c.Image, c.ImageType = img, firstNonEmpty(mime, typ)
			}
		}
	case webURL(uri) != "" && c.URL == "":
		c.URL = uri
	}
	c.ImageType = profile.Sanitize(c.ImageType)
}

// decodeCaptcha is base64 data of at most maxCaptchaSize bytes, or nil.
func decodeCaptcha(s string) []byte {
	s = strings.Join(strings.Fields(s), "")
	if base64.StdEncoding.DecodedLen(len(s)) > maxCaptchaSize {
		return nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "=")); err != nil {
			return nil
		}
	}
	if len(b) == 0 {
		return nil
	}
	return b
}

// webURL is u when it is an http(s) address safe to show, else "".
func webURL(u string) string {
	if (strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) && !profile.HasUnsafe(u) && !strings.ContainsAny(u, " \t\n") {
		return u
	}
	return ""
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
