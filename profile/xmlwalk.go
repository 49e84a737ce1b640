package profile

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// walkChildren parses the single element in b, checks that it is
// {space}local, and calls fn for each of its direct child elements; fn
// must consume the child (d.DecodeElement or d.Skip). Text directly inside
// the root is ignored. what names the payload in errors.
//
// Decoding child by child into small structs (never re-encoding tokens,
// which encoding/xml writes with xmlns twice) lets a decoder keep only the
// first few children of each kind, so memory stays bounded by the input
// size whatever the input.
func walkChildren(b []byte, what, space, local string, fn func(d *xml.Decoder, start xml.StartElement) error) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	if _, err := rootElement(d, what, space, local); err != nil {
		return err
	}
	for {
		tok, err := d.Token()
		if err != nil {
			return malformed(what, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := fn(d, t); err != nil {
				return malformed(what, err)
			}
		case xml.EndElement:
			return nil
		}
	}
}

// rootElement reads up to the first start element and checks its name.
func rootElement(d *xml.Decoder, what, space, local string) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return xml.StartElement{}, malformed(what, errors.New("no element"))
		}
		if err != nil {
			return xml.StartElement{}, malformed(what, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != space || t.Name.Local != local {
				return t, malformed(what, fmt.Errorf("element {%s}%s, want {%s}%s", t.Name.Space, t.Name.Local, space, local))
			}
			return t, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return xml.StartElement{}, malformed(what, errors.New("text outside the element"))
			}
		}
	}
}

// decodeRoot unmarshals the single element in b into v after checking
// its name; v's fields must not name the namespace, so that children match
// whatever namespace declarations the sender wrote.
func decodeRoot(b []byte, what, space, local string, v any) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	start, err := rootElement(d, what, space, local)
	if err != nil {
		return err
	}
	if err := d.DecodeElement(v, &start); err != nil {
		return malformed(what, err)
	}
	return nil
}

// firstText returns the first value that is not blank, trimmed.
func firstText(vals []string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// marshal encodes a payload struct. encoding/xml only fails on types it
// cannot encode, which the payload structs of this package are not; text
// that XML cannot carry (NUL, ESC, invalid UTF-8) is written as U+FFFD.
func marshal(v any) []byte {
	b, err := xml.Marshal(v)
	if err != nil {
		panic("profile: encoding a payload: " + err.Error())
	}
	return b
}
