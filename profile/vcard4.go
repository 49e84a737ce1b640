package profile

import (
	"encoding/xml"
	"net/url"
	"strings"
)

// XEP-0292 vCard4 over XMPP (RFC 6351 xCard), published on the PEP node
// NodeVCard4 with item id "current".

type v4Card struct {
	XMLName  xml.Name `xml:"urn:ietf:params:xml:ns:vcard-4.0 vcard"`
	FN       *v4Text  `xml:"fn,omitempty"`
	Nickname *v4Text  `xml:"nickname,omitempty"`
	Photo    *v4URI   `xml:"photo,omitempty"`
	Tel      *v4Tel   `xml:"tel,omitempty"`
	Email    *v4Text  `xml:"email,omitempty"`
	Note     *v4Text  `xml:"note,omitempty"`
}

type v4Text struct {
	Text string `xml:"text"`
}

type v4URI struct {
	URI string `xml:"uri"`
}

type v4Tel struct {
	Params v4Params `xml:"parameters"`
	URI    string   `xml:"uri"`
}

type v4Params struct {
	Type  v4Values `xml:"type"`
	Typed *v4Text  `xml:"x-parley-typed,omitempty"`
}

// paramTyped is the extension parameter (RFC 6350 §6.10 x-name) of a tel
// that keeps the number as its owner typed it, while the value is the
// normalised tel: URI: "+44 20 7946 0958" beside tel:+442079460958.
const paramTyped = "x-parley-typed"

type v4Values struct {
	Text []string `xml:"text"`
}

// EncodeVCard4 writes p as a <vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>
// payload: fn and nickname (the nickname), tel (type cell, the number as a
// normalised tel: URI and, when it was typed otherwise, the typed form in
// the x-parley-typed parameter), email, note (the status) and, when the
// avatar has an http(s) URL, photo. Empty fields are left out.
func EncodeVCard4(p Profile) ([]byte, error) {
	c := v4Card{}
	if p.Nickname != "" {
		c.FN = &v4Text{Text: p.Nickname}
		c.Nickname = &v4Text{Text: p.Nickname}
	}
	if u := httpURL(p.Avatar.URL); u != "" {
		c.Photo = &v4URI{URI: u}
	}
	if telURI(p.MobileNumber) != "" {
		c.Tel = &v4Tel{Params: v4Params{Type: v4Values{Text: []string{"cell"}}}, URI: telURI(p.MobileNumber)}
		if t := typedTel(p.MobileNumber); t != "" {
			c.Tel.Params.Typed = &v4Text{Text: t}
		}
	}
	if p.Email != "" {
		c.Email = &v4Text{Text: p.Email}
	}
	if p.Status != "" {
		c.Note = &v4Text{Text: p.Status}
	}
	return marshal(c), nil
}

// v4Prop is any vCard4 property as received: its type parameter and its
// text or uri values.
type v4Prop struct {
	Params struct {
		Type  v4Values `xml:"type"`
		Typed v4Values `xml:"x-parley-typed"`
	} `xml:"parameters"`
	Text []string `xml:"text"`
	URI  []string `xml:"uri"`
}

func (p v4Prop) hasType(t string) bool {
	for _, v := range p.Params.Type.Text {
		if strings.EqualFold(strings.TrimSpace(v), t) {
			return true
		}
	}
	return false
}

// maxPropsPerKind is how many properties of one kind (tel, email, …) a
// decoder looks at; the rest are skipped.
const maxPropsPerKind = 16

// DecodeVCard4 reads a vCard4 payload as Prosody, Gajim, Conversations and
// this package write it: the nickname from nickname (else fn), the mobile
// number from tel (a "tel:" uri or text; the one typed cell if there are
// several, else the first) as its owner typed it when the tel says so
// (x-parley-typed, if it is the same number), else as published (see
// readablePhone), the first email, the status from note, and an
// http(s) photo uri as Avatar.URL. Unknown properties are ignored. Every
// string is sanitised; a payload over 256 KiB is refused (413); one that is
// not a vCard4 gives an error wrapping ErrMalformed (500). JID is left
// empty for the caller.
func DecodeVCard4(b []byte) (Profile, error) {
	const what = "vCard4 profile"
	if len(b) > maxVCard4Bytes {
		return Profile{}, tooLarge(what, len(b), maxVCard4Bytes)
	}
	var fn, nick, note, photo []v4Prop
	var tels, emails []v4Prop
	err := walkChildren(b, what, NSVCard4, "vcard", func(d *xml.Decoder, start xml.StartElement) error {
		var list *[]v4Prop
		switch start.Name.Local {
		case "fn":
			list = &fn
		case "nickname":
			list = &nick
		case "note":
			list = &note
		case "photo":
			list = &photo
		case "tel":
			list = &tels
		case "email":
			list = &emails
		}
		if list == nil || len(*list) >= maxPropsPerKind {
			return d.Skip()
		}
		var p v4Prop
		if err := d.DecodeElement(&p, &start); err != nil {
			return err
		}
		*list = append(*list, p)
		return nil
	})
	if err != nil {
		return Profile{}, err
	}
	var out Profile
	out.Nickname = Sanitize(firstPropText(nick))
	if out.Nickname == "" {
		out.Nickname = Sanitize(firstPropText(fn))
	}
	out.Status = Sanitize(firstPropText(note))
	out.Email = Sanitize(strings.TrimPrefix(firstPropText(emails), "mailto:"))
	if len(emails) > 0 && out.Email == "" {
		for _, e := range emails {
			if u := firstText(e.URI); strings.HasPrefix(u, "mailto:") {
				out.Email = Sanitize(strings.TrimPrefix(u, "mailto:"))
				break
			}
		}
	}
	out.MobileNumber = pickTel(tels)
	for _, p := range photo {
		if u := httpURL(firstText(p.URI)); u != "" {
			out.Avatar.URL = u
			break
		}
	}
	return out, nil
}

func firstPropText(props []v4Prop) string {
	for _, p := range props {
		if t := firstText(p.Text); t != "" {
			return t
		}
	}
	return ""
}

// pickTel returns the number of the cell tel if there is one, else the
// first number found, readable (see telNumber).
func pickTel(tels []v4Prop) string {
	for _, p := range tels {
		if v := telNumber(p); v != "" && p.hasType("cell") {
			return v
		}
	}
	for _, p := range tels {
		if v := telNumber(p); v != "" {
			return v
		}
	}
	return ""
}

// telNumber is a tel's number for a person to read: the typed form its
// publisher kept (x-parley-typed) when it is the same number as the
// value, else the value as published — a tel: URI's number with its
// visual separators, or the text.
func telNumber(p v4Prop) string {
	v := firstText(p.Text)
	if u := firstText(p.URI); u != "" {
		v = telURINumber(u)
	}
	v = readablePhone(v)
	if t := readablePhone(firstText(p.Params.Typed.Text)); t != "" && v != "" && phoneDigits(t) == phoneDigits(v) {
		return t
	}
	return v
}

// telURINumber takes the number out of a tel: URI (RFC 3966):
// "tel:+1-201-555-0123;ext=1" → "+1-201-555-0123".
func telURINumber(u string) string {
	if len(u) >= 4 && strings.EqualFold(u[:4], "tel:") {
		u = u[4:]
	}
	if i := strings.IndexByte(u, ';'); i >= 0 {
		u = u[:i]
	}
	if s, err := url.PathUnescape(u); err == nil {
		u = s
	}
	return u
}

// readablePhone is a phone number from the network as it was published,
// trimmed and sanitised, runs of spaces made one: Parley shows what the
// owner typed ("+44 20 7946 0958"), never a rewritten form.
func readablePhone(s string) string {
	return collapseSpaces(Sanitize(strings.TrimSpace(s)))
}

// phoneDigits is the number itself: its digits and a leading +, what two
// ways of writing one number have in common.
func phoneDigits(s string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// telURI is the tel: URI (RFC 3966) of a number as typed, normalised to
// its digits and a leading + (NormalizeMobile): "+44 20 7946 0958" →
// "tel:+442079460958". A number that does not normalise (not one Parley
// lets a user save) keeps just its digits; one without digits has none.
func telURI(n string) string {
	if strings.TrimSpace(n) == "" {
		return ""
	}
	norm, err := NormalizeMobile(n)
	if err != nil {
		norm = phoneDigits(n)
	}
	if strings.Trim(norm, "+") == "" {
		return "" // no number in it: no tel
	}
	return "tel:" + norm
}

// typedTel is the typed form to keep beside a number's tel: URI, or ""
// when the URI says the same already.
func typedTel(n string) string {
	n = strings.TrimSpace(n)
	if "tel:"+n == telURI(n) {
		return ""
	}
	return n
}

// httpURL returns s, sanitised, if it is an absolute http(s) URL, else "".
func httpURL(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 4096 {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	if clean := SanitizeLine(s, 4096); clean == s {
		return s
	}
	return ""
}
