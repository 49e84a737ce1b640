package xmppclient

import (
	"context"
	"crypto/tls"
	"encoding/xml"
	"io"
	"slices"
	"strings"

	"mellium.im/sasl"
	"mellium.im/xmpp"
)

// nsSASLCB is XEP-0440 SASL Channel-Binding Type Capability: the server
// lists the channel binding types it supports next to its mechanisms.
const nsSASLCB = "urn:xmpp:sasl-cb:0"

// Channel binding types as XEP-0440 and RFC 5929 / RFC 9266 name them.
const (
	cbTLSUnique   = "tls-unique"
	cbTLSExporter = "tls-exporter"
)

// mechanisms is Parley's SASL preference: SCRAM bound to the TLS channel
// first (a man in the middle with a certificate the user trusts can
// relay a plain SCRAM exchange, not a bound one), SHA-256 before SHA-1,
// then plain SCRAM, PLAIN last (mellium offers SASL only on a secure
// stream, so the password never crosses the wire in clear).
var mechanisms = []sasl.Mechanism{sasl.ScramSha256Plus, sasl.ScramSha1Plus, sasl.ScramSha256, sasl.ScramSha1, sasl.Plain}

// saslFeature is mellium's SASL with channel binding where it can work.
//
// mellium.im/sasl picks the binding type from the TLS version alone:
// tls-exporter (RFC 9266) on TLS 1.3, tls-unique (RFC 5929) on TLS 1.2;
// it has no tls-server-end-point and no way to choose. A server that
// offers a -PLUS mechanism but only the other type fails the login
// ("Invalid channel binding": ejabberd 23.01 on TLS 1.3 does this), which
// would read as a wrong password. So the -PLUS mechanisms are kept only
// where the type mellium will send is known to work: on TLS 1.3 the
// server must list tls-exporter (XEP-0440); on TLS 1.2 tls-unique is what
// every -PLUS server has supported, so it is used unless the server's
// XEP-0440 list leaves it out. Otherwise the -PLUS names are hidden from
// mellium's selection and plain SCRAM is used.
//
// Not done, because mellium lacks it: XEP-0474 downgrade protection (the
// SCRAM client ignores the server's d= attribute, and a SCRAM of our own
// would be needed to check it), and the "y" flag that tells a server the
// client could have bound (mellium sends "n" with every non-PLUS
// mechanism).
func saslFeature(password string) xmpp.StreamFeature {
	f := xmpp.SASL("", password, mechanisms...)
	negotiate := f.Negotiate
	f.Negotiate = func(ctx context.Context, s *xmpp.Session, data interface{}) (xmpp.SessionState, io.ReadWriter, error) {
		offered, _ := data.([]string)
		types, listed := s.Feature(nsSASLCB)
		advertised, _ := types.([]string)
		if !bindingUsable(s.ConnectionState(), advertised, listed && advertised != nil) {
			offered = withoutPlus(offered)
		}
		return negotiate(ctx, s, offered)
	}
	return f
}

// bindingUsable reports whether the channel binding mellium would send on
// a connection in state cs is one the server takes. advertised is the
// server's XEP-0440 list, known whether it sent one.
func bindingUsable(cs tls.ConnectionState, advertised []string, known bool) bool {
	switch {
	case cs.Version == 0:
		return false
	case cs.Version >= tls.VersionTLS13:
		return known && slices.Contains(advertised, cbTLSExporter)
	default:
		return len(cs.TLSUnique) > 0 && (!known || slices.Contains(advertised, cbTLSUnique))
	}
}

func withoutPlus(mechs []string) []string {
	var out []string
	for _, m := range mechs {
		if !strings.HasSuffix(m, "-PLUS") {
			out = append(out, m)
		}
	}
	return out
}

// channelBindingTypes is the XEP-0440 stream feature: informational only
// (nothing to negotiate), its parsed list is what saslFeature reads from
// the session. mellium has no package for it.
func channelBindingTypes() xmpp.StreamFeature {
	return xmpp.StreamFeature{
		Name:       xml.Name{Space: nsSASLCB, Local: "sasl-channel-binding"},
		Necessary:  xmpp.Secure,
		Prohibited: xmpp.Authn,
		Parse: func(_ context.Context, d *xml.Decoder, start *xml.StartElement) (bool, interface{}, error) {
			var list struct {
				Types []struct {
					Type string `xml:"type,attr"`
				} `xml:"urn:xmpp:sasl-cb:0 channel-binding"`
			}
			if err := d.DecodeElement(&list, start); err != nil {
				return false, nil, err
			}
			types := []string{}
			for _, t := range list.Types {
				types = append(types, t.Type)
			}
			return false, types, nil
		},
	}
}
