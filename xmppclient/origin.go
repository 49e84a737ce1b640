package xmppclient

import (
	"context"
	"io"

	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/stream"
)

// hideOriginBeforeTLS keeps the account's address out of the stream header
// until the stream is encrypted: nothing that names the user leaves the
// machine in clear (RFC 6120 §4.7.1 makes 'from' optional; RFC 7590 asks
// for it only where TLS protects it).
//
// mellium writes the session's local address (the origin given to
// NewSession) as 'from' into every header it sends, and its SASL takes the
// username from the same address, so the origin cannot simply be left
// out. Its negotiator reads that address from the incoming stream info
// it is handed (Session.LocalAddr is in.To), so before TLS this wrapper
// blanks it for the one call that sends the plain header, and puts the
// origin back afterwards: the header after STARTTLS and SASL see it again.
// With direct TLS the stream is secure from the start and nothing changes.
func hideOriginBeforeTLS(origin jid.JID, next xmpp.Negotiator) xmpp.Negotiator {
	return func(ctx context.Context, in, out *stream.Info, s *xmpp.Session, data interface{}) (xmpp.SessionState, io.ReadWriter, interface{}, error) {
		if s.State()&xmpp.Secure == 0 {
			in.To = jid.JID{}
		}
		mask, rw, cache, err := next(ctx, in, out, s, data)
		// Prosody and ejabberd answer a from-less header without a 'to',
		// so in.To is still blank here and the origin goes back; one that
		// invents a 'to' is refused by mellium's own check.
		if in.To.Equal(jid.JID{}) {
			in.To = origin
		}
		return mask, rw, cache, err
	}
}
