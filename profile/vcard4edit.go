package profile

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// Read, change, write: a save changes only the vCard4 properties Parley
// edits and keeps every other element and parameter another client put
// there (BDAY, ADR, a real FN, TEL and EMAIL types, …).

// xProp is any element kept as it came: its name, attributes and inner
// XML.
type xProp struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Inner   []byte     `xml:",innerxml"`
}

type xCard struct {
	XMLName xml.Name
	Props   []xProp `xml:",any"`
}

// EditVCard4 writes p into current, a vCard4 payload another client (or
// an earlier save) published, and returns the new payload. Parley's
// fields replace their property's value only: nickname; the tel marked
// cell or without a type (a work or home number is kept, and a cell one
// added), its uri and its x-parley-typed parameter (the number as typed);
// the first email, its text; the first
// note (the status), its text; and photo, set to the avatar's http(s) URL
// or dropped when the avatar is data. A property whose field is now empty
// is removed. fn follows the nickname only where it was the nickname (as
// Parley writes it); another client's full name stays, and fn is added
// when there is none. Everything else is kept as it stands. An empty
// current is EncodeVCard4(p).
func EditVCard4(current []byte, p Profile) ([]byte, error) {
	if len(bytes.TrimSpace(current)) == 0 {
		return EncodeVCard4(p)
	}
	if _, err := DecodeVCard4(current); err != nil { // limits, and well-formed
		return nil, err
	}
	var c xCard
	if err := xml.Unmarshal(current, &c); err != nil {
		return nil, err
	}
	oldNick := textOf(c.Props, "nickname", "text")
	fnWasNick := textOf(c.Props, "fn", "text") == oldNick
	props := c.Props
	props = setProp(props, "nickname", "text", p.Nickname, nil)
	switch {
	case !has(props, "fn") && p.Nickname != "":
		props = setProp(props, "fn", "text", p.Nickname, nil)
	case fnWasNick && p.Nickname != "":
		props = setProp(props, "fn", "text", p.Nickname, nil)
	}
	props = setProp(props, "tel", "uri", telURI(p.MobileNumber), mobile)
	props = setTyped(props, typedTel(p.MobileNumber))
	props = setProp(props, "email", "text", p.Email, nil)
	props = setProp(props, "note", "text", p.Status, nil)
	if u := httpURL(p.Avatar.URL); u != "" || p.Avatar.ID != "" {
		props = setProp(props, "photo", "uri", u, nil)
	}
	for i := range props {
		props[i].Attrs = plainAttrs(props[i].Attrs)
	}
	return marshal(xCard{XMLName: xml.Name{Space: NSVCard4, Local: "vcard"}, Props: props}), nil
}

// mobile reports whether a tel may be the mobile number: marked cell, or
// with no type at all. A work or home number stays another number.
func mobile(p xProp) bool {
	inner := strings.ToLower(string(p.Inner))
	return strings.Contains(inner, ">cell<") || !strings.Contains(inner, "<type")
}

func has(props []xProp, name string) bool {
	for _, p := range props {
		if p.XMLName.Space == NSVCard4 && p.XMLName.Local == name {
			return true
		}
	}
	return false
}

// textOf is the value child of the first property name.
func textOf(props []xProp, name, value string) string {
	for _, p := range props {
		if p.XMLName.Space == NSVCard4 && p.XMLName.Local == name {
			for _, k := range children(p) {
				if k.XMLName.Local == value {
					var s string
					_ = xml.Unmarshal(marshal(k), &s)
					return strings.TrimSpace(s)
				}
			}
		}
	}
	return ""
}

// setProp sets the value child of the first property name that pick
// accepts (any, when pick is nil), keeping its other children; v == ""
// removes that property. Without one, a new property is appended.
func setProp(props []xProp, name, value, v string, pick func(xProp) bool) []xProp {
	at := -1
	for i, p := range props {
		if p.XMLName.Space == NSVCard4 && p.XMLName.Local == name && (pick == nil || pick(p)) {
			at = i
			break
		}
	}
	if v == "" {
		if at < 0 {
			return props
		}
		return append(props[:at:at], props[at+1:]...)
	}
	val := xProp{XMLName: xml.Name{Space: NSVCard4, Local: value}, Inner: escaped(v)}
	if at < 0 {
		np := xProp{XMLName: xml.Name{Space: NSVCard4, Local: name}, Inner: marshal(val)}
		if name == "tel" {
			np.Inner = append([]byte(`<parameters><type><text>cell</text></type></parameters>`), np.Inner...)
		}
		return append(props, np)
	}
	kids, replaced := children(props[at]), false
	for i, k := range kids {
		if k.XMLName.Local == value {
			kids[i], replaced = val, true
			break
		}
	}
	if !replaced {
		kids = append(kids, val)
	}
	var inner []byte
	for _, k := range kids {
		k.Attrs = plainAttrs(k.Attrs)
		inner = append(inner, marshal(k)...)
	}
	props[at].Inner = inner
	return props
}

// setTyped sets the x-parley-typed parameter of the mobile tel (as
// setProp picked it) to typed, or removes it when typed is "": the other
// parameters (type, pref, …) stay as they are.
func setTyped(props []xProp, typed string) []xProp {
	at := -1
	for i, p := range props {
		if p.XMLName.Space == NSVCard4 && p.XMLName.Local == "tel" && mobile(p) {
			at = i
			break
		}
	}
	if at < 0 {
		return props
	}
	kids := children(props[at])
	pi := -1
	for i, k := range kids {
		if k.XMLName.Local == "parameters" {
			pi = i
			break
		}
	}
	if pi < 0 {
		if typed == "" {
			return props
		}
		kids = append([]xProp{{XMLName: xml.Name{Space: NSVCard4, Local: "parameters"}}}, kids...)
		pi = 0
	}
	params := setProp(children(kids[pi]), paramTyped, "text", typed, nil)
	var inner []byte
	for _, k := range params {
		k.Attrs = plainAttrs(k.Attrs)
		inner = append(inner, marshal(k)...)
	}
	kids[pi].Inner = inner
	inner = nil
	for _, k := range kids {
		k.Attrs = plainAttrs(k.Attrs)
		inner = append(inner, marshal(k)...)
	}
	props[at].Inner = inner
	return props
}

// children parses a property's inner XML into its child elements, in the
// vCard4 namespace unless they say otherwise.
func children(p xProp) []xProp {
	var c xCard
	doc := append(append([]byte(`<x xmlns="`+NSVCard4+`">`), p.Inner...), "</x>"...)
	if err := xml.Unmarshal(doc, &c); err != nil {
		return nil
	}
	return c.Props
}

// plainAttrs drops namespace declarations: the encoder writes its own.
func plainAttrs(attrs []xml.Attr) []xml.Attr {
	out := attrs[:0:0]
	for _, a := range attrs {
		if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
			continue
		}
		out = append(out, a)
	}
	return out
}

func escaped(s string) []byte {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.Bytes()
}
