package xmppclient

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/stream"
)

// openStream opens a TCP (or direct TLS) connection to the account's server
// and negotiates the given features, returning the session and the
// features' errors classified into status codes.
//
// With a CA file the server is first checked against that file alone, and
// only if no certificate in it vouches for the server is the connection
// tried again with the system roots added (--ca adds trust, it does not
// replace it). Why: the CA file is what self-hosted and sandbox servers
// need, and loading the system roots costs about 30 ms and 2 MiB that such
// a log-in does not need.
//
// watchIn and watchOut, when not nil, see every byte after the stanza
// limit (stream management's counters).
//
// With a pinned fingerprint (Config.TrustFingerprint) there is one attempt
// that trusts that certificate alone.
func openStream(ctx context.Context, cfg Config, origin jid.JID, features []xmpp.StreamFeature, watchIn, watchOut io.Writer) (*xmpp.Session, error) {
	if cfg.TrustFingerprint != "" {
		return openPinned(ctx, cfg, origin, features, watchIn, watchOut)
	}
	sess, err := openStreamTrusting(ctx, cfg, origin, features, trustOf(cfg, cfg.CAFile == ""), watchIn, watchOut)
	if err != nil && cfg.CAFile != "" && unknownAuthority(err) {
		sess, err = openStreamTrusting(ctx, cfg, origin, features, trustOf(cfg, true), watchIn, watchOut)
	}
	return sess, err
}

// openStreamTrusting is one attempt of openStream; withSystem adds the
// system roots to the CA file.
//
// The whole attempt has one deadline (Config.Timeout), and it is set on
// the connection itself as soon as there is one: mellium's negotiation
// reads and writes without looking at ctx, so a server that accepted the
// connection and then said nothing, or one byte a second, held a log-in
// for minutes. With it the TCP connect (ctx), the TLS handshake and every
// negotiation step (the connection's deadline) end by the same instant,
// and ctx ending sooner (Logout, a caller giving up) ends them at once.
// Once logged in the deadline is cleared: the ping loop watches the live
// session.
func openStreamTrusting(ctx context.Context, cfg Config, origin jid.JID, features []xmpp.StreamFeature, t trust, watchIn, watchOut io.Writer) (*xmpp.Session, error) {
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	deadline := time.Now().Add(timeout)
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()

	domain := origin.Domainpart()
	tlsCfg, err := tlsConfig(domain, t)
	if err != nil {
		return nil, permanent(err)
	}
	conn, err := connect(ctx, origin.Domain(), cfg.Server, cfg.DirectTLS, tlsCfg)
	if err != nil {
		return nil, err
	}
	_ = conn.SetDeadline(deadline)
	stopCut := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	// A domain's addresses mix direct TLS and STARTTLS ones, so what was
	// dialled is read off the connection.
	_, secured := conn.(*tls.Conn)
	if !secured {
		features = append([]xmpp.StreamFeature{trackTLS(xmpp.StartTLS(tlsCfg), &secured)}, features...)
	}
	teeIn, teeOut := debugTees(cfg.DebugXML)
	limiter := newStanzaLimiter(maxStanza)
	// The limiter comes first: a stanza over the bound is refused before
	// anything else (the stanza log, the counters) sees it.
	in := tees(limiter, watchIn, teeIn)
	teeOut = tees(watchOut, teeOut)
	// mellium watches ctx itself, but when it ends it sets a deadline in
	// the past and clears it again at once: a read blocked on a silent
	// server may miss the first and stay blocked (it did, under -race), and
	// the second clears the deadline set here. So it gets a context that
	// never ends, and the connection's deadline (cut short by stopCut when
	// ctx ends early) bounds the negotiation.
	sess, err := xmpp.NewSession(context.WithoutCancel(ctx), origin.Domain(), origin, conn, 0, hideOriginBeforeTLS(origin, xmpp.NewNegotiator(func(*xmpp.Session, *xmpp.StreamConfig) xmpp.StreamConfig {
		return xmpp.StreamConfig{Features: features, TeeIn: in, TeeOut: teeOut}
	})))
	if stopped := stopCut(); err == nil && !stopped {
		// ctx ended just as the log-in finished; the connection's
		// deadline may already be cut short.
		err = ctx.Err()
	}
	addr := conn.RemoteAddr().String()
	if err != nil {
		conn.Close()
		if limiter.err != nil {
			// The read failed because the server broke a bound of the
			// stream; mellium words that error its own way.
			return nil, limiter.err
		}
		if timedOut(err) || !time.Now().Before(deadline) {
			if errors.Is(ctx.Err(), context.Canceled) {
				return nil, &SessionError{Step: StepLost, Addr: addr, Domain: domain, Err: context.Canceled}
			}
			return nil, &SessionError{Step: StepNoAnswer, Addr: addr, Domain: domain, Err: err}
		}
		if nerr := noTLSError(err, addr, secured); nerr != nil {
			return nil, nerr
		}
		return nil, classifyNegotiation(err, addr, domain)
	}
	_ = conn.SetDeadline(time.Time{})
	return sess, nil
}

// timedOut reports whether err is a deadline: the connection's (an i/o
// timeout) or a context's.
func timedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) ||
		errors.As(err, &ne) && ne.Timeout()
}

// loggedIn is what a log-in found out besides the session.
type loggedIn struct {
	smOffered bool // the server offers stream management
	resumed   bool // the broken stream was resumed (XEP-0198)
}

// login opens a session for the account, authenticated and bound (or
// resumed), with stream management counting on both directions.
func (c *Client) login(ctx context.Context) (*xmpp.Session, loggedIn, error) {
	// mellium's bind asks for the resource of the session's address, which
	// is the bare JID after SASL: the server picks a unique resource, so
	// two sessions of one account never kick each other off.
	origin := c.account.Bare()
	var l loggedIn
	features := []xmpp.StreamFeature{
		channelBindingTypes(),
		saslFeature(c.cfg.Password),
		smFeature(&l.smOffered),
		c.bindOrResume(&l.smOffered, &l.resumed),
	}
	smIn, smOut := c.smTees()
	sess, err := openStream(ctx, c.cfg, origin, features, smIn, smOut)
	return sess, l, err
}

// classifyNegotiation turns a stream negotiation failure into a status.
func classifyNegotiation(err error, addr, domain string) error {
	if typed(err) {
		return err
	}
	if cerr := certError(err); cerr != nil {
		return cerr
	}
	if serr := classifySASL(err); serr != nil {
		return serr
	}
	var se stream.Error
	if errors.As(err, &se) {
		switch se.Err {
		case "host-unknown":
			return permanent(&SessionError{Step: StepStream, Addr: addr, Domain: domain, Err: err})
		case "policy-violation", "not-authorized":
			return permanent(&SessionError{Step: StepStream, Addr: addr, Domain: domain, Err: err})
		}
		return &SessionError{Step: StepStream, Addr: addr, Domain: domain, Err: err}
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded) {
		return &SessionError{Step: StepLost, Addr: addr, Domain: domain, Err: err}
	}
	// A TLS failure is permanent only when the other side speaks no TLS
	// or refuses ours (a record that is no TLS, an alert): retrying will
	// not change that. Anything else (a connection closed under the
	// handshake while the server restarts) is worth another attempt.
	var alert tls.AlertError
	var header tls.RecordHeaderError
	if errors.As(err, &alert) || errors.As(err, &header) || strings.Contains(err.Error(), "tls: ") && !strings.Contains(err.Error(), "closed") && !strings.Contains(err.Error(), "shutdown") {
		return permanent(&SessionError{Step: StepTLS, Addr: addr, Domain: domain, Err: err})
	}
	return &SessionError{Step: StepLogin, Addr: addr, Domain: domain, Err: err}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// tees joins the writers that are not nil (nil when none is).
func tees(ws ...io.Writer) io.Writer {
	var out []io.Writer
	for _, w := range ws {
		if w != nil {
			out = append(out, w)
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return io.MultiWriter(out...)
}
