package xmppclient

import (
	"context"
	"io"
	"strings"

	"mellium.im/xmpp"
)

// noTLSError recognises a server that will not encrypt the stream: it
// refuses STARTTLS (mellium: "receiver indicated that TLS negotiation
// failed"), or offers login and binding on the plain stream, which the
// negotiator will not use before TLS ("features advertised out of order").
// secured says whether TLS was in place when negotiation failed; only
// without it does the second error mean "no TLS". Either way the password
// was not sent, and retrying will not make the server encrypt: the
// failure is permanent.
func noTLSError(err error, addr string, secured bool) error {
	if secured {
		return nil
	}
	msg := err.Error()
	if !strings.Contains(msg, "TLS negotiation failed") && !strings.Contains(msg, "features advertised out of order") {
		return nil
	}
	return permanent(&SessionError{Step: StepNoTLS, Addr: addr, Err: err})
}

// trackTLS wraps the STARTTLS feature so that *done records whether it
// succeeded.
func trackTLS(f xmpp.StreamFeature, done *bool) xmpp.StreamFeature {
	negotiate := f.Negotiate
	f.Negotiate = func(ctx context.Context, s *xmpp.Session, data interface{}) (xmpp.SessionState, io.ReadWriter, error) {
		mask, rw, err := negotiate(ctx, s, data)
		if err == nil {
			*done = true
		}
		return mask, rw, err
	}
	return f
}
