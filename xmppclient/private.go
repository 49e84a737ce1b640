package xmppclient

import (
	"context"
	"encoding/xml"
	"strconv"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/profile"
)

// nsMetadata names Parley's element in private XML storage (XEP-0049),
// where the registration metadata is kept. mellium has no package for
// private XML storage, so the query is built here.
const (
	nsMetadata = "urn:parley:registration-metadata:0"
	nsPrivate  = "jabber:iq:private"
)

type metaStorage struct {
	XMLName xml.Name `xml:"jabber:iq:private query"`
	Meta    struct {
		Entry []struct {
			Key   string `xml:"key,attr"`
			Type  string `xml:"type,attr"`
			Value string `xml:",chardata"`
		} `xml:"entry"`
	} `xml:"urn:parley:registration-metadata:0 metadata"`
}

// StoreMetadata writes the registration metadata to private XML storage.
func (c *Client) StoreMetadata(ctx context.Context, meta []Meta) error {
	if err := validateMeta(meta); err != nil {
		return err
	}
	sess, err := c.session()
	if err != nil {
		return err
	}
	if err := sess.UnmarshalIQElement(ctx, privateQuery(metadataEntries(meta)), stanza.IQ{Type: stanza.SetIQ}, nil); err != nil {
		return stanzaErr(err, "Storing the registration metadata")
	}
	return nil
}

// Metadata reads the registration metadata back, with typed values.
func (c *Client) Metadata(ctx context.Context) ([]Meta, error) {
	sess, err := c.session()
	if err != nil {
		return nil, err
	}
	var res metaStorage
	if err := sess.UnmarshalIQElement(ctx, privateQuery(nil), stanza.IQ{Type: stanza.GetIQ}, &res); err != nil {
		return nil, stanzaErr(err, "Reading the registration metadata")
	}
	out := make([]Meta, 0, len(res.Meta.Entry))
	for _, e := range res.Meta.Entry {
		// Sanitised: anyone with the password could have written these.
		var v any = profile.Sanitize(e.Value)
		switch e.Type {
		case "bool":
			if b, err := strconv.ParseBool(e.Value); err == nil {
				v = b
			}
		case "number":
			if f, err := strconv.ParseFloat(e.Value, 64); err == nil {
				v = f
			}
		}
		out = append(out, Meta{Key: profile.Sanitize(e.Key), Value: v})
	}
	return out, nil
}

// privateQuery is the XEP-0049 query for Parley's metadata element holding
// entries (nil: an empty element, which asks for the stored one).
func privateQuery(entries xml.TokenReader) xml.TokenReader {
	return xmlstream.Wrap(
		xmlstream.Wrap(entries, xml.StartElement{Name: xml.Name{Space: nsMetadata, Local: "metadata"}}),
		xml.StartElement{Name: xml.Name{Space: nsPrivate, Local: "query"}},
	)
}

// metadataEntries writes each pair as <entry key type>value</entry>, the
// type saying how Metadata reads the value back.
func metadataEntries(meta []Meta) xml.TokenReader {
	entries := make([]xml.TokenReader, 0, len(meta))
	for _, m := range meta {
		typ, val := "string", ""
		switch v := m.Value.(type) {
		case string:
			val = v
		case bool:
			typ, val = "bool", strconv.FormatBool(v)
		case int:
			typ, val = "number", strconv.Itoa(v)
		case int64:
			typ, val = "number", strconv.FormatInt(v, 10)
		case float64:
			typ, val = "number", strconv.FormatFloat(v, 'g', -1, 64)
		}
		entries = append(entries, xmlstream.Wrap(xmlstream.Token(xml.CharData(val)), xml.StartElement{
			Name: xml.Name{Local: "entry"},
			Attr: []xml.Attr{{Name: xml.Name{Local: "key"}, Value: m.Key}, {Name: xml.Name{Local: "type"}, Value: typ}},
		}))
	}
	return xmlstream.MultiReader(entries...)
}
