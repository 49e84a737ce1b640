package xmppclient

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"unicode"

	"mellium.im/xmlstream"
)

// rawXML turns an XML fragment (a payload built by the profile codecs or
// with xml.Marshal) into a token stream mellium can send.
//
// It reads with RawToken on purpose: resolved tokens carry the namespace
// both in Name.Space and as an xmlns attribute, and re-encoding them
// duplicates xmlns (encoding/xml writes the attribute and then declares
// Name.Space again). Raw tokens keep the document exactly as written.
func rawXML(b []byte) xml.TokenReader {
	d := xml.NewDecoder(bytes.NewReader(b))
	return xmlstream.ReaderFunc(func() (xml.Token, error) {
		for {
			tok, err := d.RawToken()
			if err != nil {
				return nil, err
			}
			switch t := tok.(type) {
			case xml.ProcInst, xml.Directive, xml.Comment:
				continue
			case xml.CharData:
				return t.Copy(), nil
			case xml.StartElement:
				return t.Copy(), nil
			default:
				return tok, nil
			}
		}
	})
}

// textElement is <name>text</name> in the namespace of its parent.
func textElement(name, text string) xml.TokenReader {
	return xmlstream.Wrap(xmlstream.Token(xml.CharData(text)), xml.StartElement{Name: xml.Name{Local: name}})
}

// resolvedEncoder re-encodes resolved tokens (Name.Space filled in by the
// decoder) as XML that means the same when read again.
//
// xml.Encoder writes xmlns from Name.Space but never xmlns="", so an
// element in no namespace inside one with a default namespace would be
// read back in its parent's namespace (fuzzing found it). Its stack of
// spaces is how the missing undeclaration is noticed.
type resolvedEncoder struct {
	*xml.Encoder
	spaces []string
}

func newResolvedEncoder(w io.Writer) *resolvedEncoder {
	return &resolvedEncoder{Encoder: xml.NewEncoder(w)}
}

func (e *resolvedEncoder) encode(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		t = withoutXMLNS(t)
		if !ncName(t.Name.Local) {
			return fmt.Errorf("invalid element name %q", t.Name.Local)
		}
		for _, a := range t.Attr {
			if !ncName(a.Name.Local) && a.Name.Local != "xmlns" {
				return fmt.Errorf("invalid attribute name %q", a.Name.Local)
			}
		}
		if t.Name.Space == "" && len(e.spaces) > 0 && e.spaces[len(e.spaces)-1] != "" {
			t.Attr = append(t.Attr, xml.Attr{Name: xml.Name{Local: "xmlns"}, Value: ""})
		}
		e.spaces = append(e.spaces, t.Name.Space)
		tok = t
	case xml.EndElement:
		if len(e.spaces) > 0 {
			e.spaces = e.spaces[:len(e.spaces)-1]
		}
	}
	return e.EncodeToken(tok)
}

// withoutXMLNS drops namespace declarations from a resolved start element:
// the encoder writes them again from Name.Space, and kept they would be
// written twice.
func withoutXMLNS(start xml.StartElement) xml.StartElement {
	attrs := make([]xml.Attr, 0, len(start.Attr))
	for _, a := range start.Attr {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			continue
		}
		attrs = append(attrs, a)
	}
	start.Attr = attrs
	return start
}

type limitWriter struct {
	w io.Writer
	n int64
}

var errTooLarge = xmlTooLargeError{}

type xmlTooLargeError struct{}

func (xmlTooLargeError) Error() string { return "payload over the size limit" }

func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.n {
		return 0, errTooLarge
	}
	l.n -= int64(len(p))
	return l.w.Write(p)
}

// ncName reports whether s can stand as a local name. The decoder checks a
// prefixed name as a whole, so "a:0" passes there, while its local part "0"
// cannot start a name when written back alone (fuzzing found it).
func ncName(s string) bool {
	for i, r := range s {
		switch {
		case unicode.IsLetter(r) || r == '_':
		case i > 0 && (unicode.IsDigit(r) || r == '-' || r == '.' || unicode.In(r, unicode.Mn, unicode.Mc)):
		default:
			return false
		}
	}
	return s != ""
}
