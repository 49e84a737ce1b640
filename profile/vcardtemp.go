package profile

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"image"
	"net/http"
	"strings"
)

// XEP-0054 vcard-temp: the vCard of older clients, still the only profile
// many of them read.

type vtCard struct {
	XMLName  xml.Name `xml:"vcard-temp vCard"`
	FN       string   `xml:"FN,omitempty"`
	Nickname string   `xml:"NICKNAME,omitempty"`
	Tel      *vtTel   `xml:"TEL,omitempty"`
	Email    *vtEmail `xml:"EMAIL,omitempty"`
	Desc     string   `xml:"DESC,omitempty"`
	Photo    *vtPhoto `xml:"PHOTO,omitempty"`
}

type flag struct{}

type vtTel struct {
	Cell   *flag  `xml:"CELL"`
	Voice  *flag  `xml:"VOICE"`
	Number string `xml:"NUMBER"`
}

type vtEmail struct {
	Internet *flag  `xml:"INTERNET"`
	UserID   string `xml:"USERID"`
}

type vtPhoto struct {
	Type   string `xml:"TYPE,omitempty"`
	BinVal string `xml:"BINVAL,omitempty"`
	ExtVal string `xml:"EXTVAL,omitempty"`
}

// EncodeVCardTemp writes p as a <vCard xmlns='vcard-temp'>: FN and
// NICKNAME (the nickname), TEL with CELL, VOICE and NUMBER (free text in
// XEP-0054: the number as typed), EMAIL with
// INTERNET and USERID, DESC (the status) and, when p.Avatar.Data is set,
// PHOTO with TYPE and BINVAL (base64, unwrapped), else, when
// p.Avatar.URL is an http(s) URL, PHOTO with TYPE and EXTVAL (the form
// ejabberd's avatar conversion writes). Empty fields are left
// out. A vcard-temp set replaces the whole vCard, so whatever the user had
// there beyond these fields is dropped.
func EncodeVCardTemp(p Profile) ([]byte, error) {
	c := vtCard{FN: p.Nickname, Nickname: p.Nickname, Desc: p.Status}
	if p.MobileNumber != "" {
		c.Tel = &vtTel{Cell: &flag{}, Voice: &flag{}, Number: p.MobileNumber}
	}
	if p.Email != "" {
		c.Email = &vtEmail{Internet: &flag{}, UserID: p.Email}
	}
	if len(p.Avatar.Data) > 0 {
		typ := p.Avatar.Type
		if typ == "" {
			typ = http.DetectContentType(p.Avatar.Data)
		}
		c.Photo = &vtPhoto{Type: typ, BinVal: base64.StdEncoding.EncodeToString(p.Avatar.Data)}
	} else if u := httpURL(p.Avatar.URL); u != "" {
		c.Photo = &vtPhoto{Type: p.Avatar.Type, ExtVal: u}
	}
	return marshal(c), nil
}

// vtProp is any vcard-temp child as received.
type vtProp struct {
	Text     string `xml:",chardata"`
	Cell     *flag  `xml:"CELL"`
	Voice    *flag  `xml:"VOICE"`
	Pref     *flag  `xml:"PREF"`
	Internet *flag  `xml:"INTERNET"`
	Number   string `xml:"NUMBER"`
	UserID   string `xml:"USERID"`
	Type     string `xml:"TYPE"`
	BinVal   string `xml:"BINVAL"`
	ExtVal   string `xml:"EXTVAL"`
}

// DecodeVCardTemp reads a vcard-temp payload as Prosody (vcard_legacy),
// ejabberd, Profanity, Psi, Pidgin and this package write it: the nickname
// from NICKNAME (else FN), the status from DESC (else NOTE, which
// Prosody's vCard4 conversion writes), the mobile number from TEL (the one
// marked CELL, else VOICE, else the first with a NUMBER), the e-mail from
// EMAIL (USERID, or the text of EMAIL itself as very old clients write it;
// INTERNET or PREF preferred), and PHOTO: BINVAL (base64, line breaks
// allowed) becomes Avatar.Data with Type (sniffed when TYPE is missing),
// ID (SHA-1 hex) and, when its header reads, Width and Height; EXTVAL
// becomes Avatar.URL when it is an http(s) URL. The photo is not decoded
// as an image here: check it with CheckImage or DecodeImage before use.
//
// Limits: the payload at most 16 MiB, the decoded photo at most 10 MiB
// (413). Every string is sanitised.
func DecodeVCardTemp(b []byte) (Profile, error) {
	const what = "vcard-temp profile"
	if len(b) > maxVCardTempBytes {
		return Profile{}, tooLarge(what, len(b), maxVCardTempBytes)
	}
	props := map[string][]vtProp{}
	err := walkChildren(b, what, NSVCardTemp, "vCard", func(d *xml.Decoder, start xml.StartElement) error {
		name := start.Name.Local
		switch name {
		case "FN", "NICKNAME", "DESC", "NOTE", "TEL", "EMAIL", "PHOTO":
		default:
			return d.Skip()
		}
		if len(props[name]) >= maxPropsPerKind {
			return d.Skip()
		}
		var p vtProp
		if err := d.DecodeElement(&p, &start); err != nil {
			return err
		}
		props[name] = append(props[name], p)
		return nil
	})
	if err != nil {
		return Profile{}, err
	}
	text := func(name string) string {
		for _, p := range props[name] {
			if t := strings.TrimSpace(p.Text); t != "" {
				return t
			}
		}
		return ""
	}
	var out Profile
	out.Nickname = Sanitize(text("NICKNAME"))
	if out.Nickname == "" {
		out.Nickname = Sanitize(text("FN"))
	}
	out.Status = Sanitize(text("DESC"))
	if out.Status == "" {
		out.Status = Sanitize(text("NOTE"))
	}
	out.MobileNumber = readablePhone(pickVTTel(props["TEL"]))
	out.Email = Sanitize(pickVTEmail(props["EMAIL"]))
	for _, p := range props["PHOTO"] {
		a, err := decodeVTPhoto(p)
		if err != nil {
			return Profile{}, err
		}
		if a.ID != "" || a.URL != "" {
			out.Avatar = a
			break
		}
	}
	return out, nil
}

func pickVTTel(tels []vtProp) string {
	for _, want := range []func(vtProp) bool{
		func(p vtProp) bool { return p.Cell != nil },
		func(p vtProp) bool { return p.Voice != nil },
		func(vtProp) bool { return true },
	} {
		for _, p := range tels {
			if n := strings.TrimSpace(p.Number); n != "" && want(p) {
				return n
			}
		}
	}
	return ""
}

func pickVTEmail(emails []vtProp) string {
	value := func(p vtProp) string {
		if v := strings.TrimSpace(p.UserID); v != "" {
			return v
		}
		return strings.TrimSpace(p.Text)
	}
	for _, p := range emails {
		if v := value(p); v != "" && (p.Internet != nil || p.Pref != nil) {
			return v
		}
	}
	for _, p := range emails {
		if v := value(p); v != "" {
			return v
		}
	}
	return ""
}

func decodeVTPhoto(p vtProp) (Avatar, error) {
	var a Avatar
	if strings.TrimSpace(p.BinVal) != "" {
		data, err := decodeBase64(p.BinVal, "photo in the vcard-temp profile")
		if err != nil {
			return Avatar{}, err
		}
		a.Data = data
		a.ID = AvatarID(data)
		a.Type = SanitizeLine(strings.ToLower(strings.TrimSpace(p.Type)), 64)
		if a.Type == "" || a.Type == "application/octet-stream" {
			a.Type = http.DetectContentType(data)
		}
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
			a.Width, a.Height = cfg.Width, cfg.Height
		}
	}
	a.URL = httpURL(p.ExtVal)
	return a, nil
}
