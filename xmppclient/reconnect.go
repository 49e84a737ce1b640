package xmppclient

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"time"

	"mellium.im/xmpp"
	"mellium.im/xmpp/ping"
	"mellium.im/xmpp/stanza"
)

const (
	backoffMin = time.Second
	backoffMax = 60 * time.Second
	// probeEvery is how often, while waiting to reconnect, a plain TCP dial
	// checks whether the server is back, so that a reconnect starts at once
	// rather than at the end of a long backoff.
	probeEvery = 2 * time.Second
)

// backoff returns the wait before attempt n (0-based): 1 s doubling up to
// 60 s, with ±25 % jitter so that many clients do not return in step.
func backoff(n int) time.Duration {
	d := backoffMin
	for i := 0; i < n && d < backoffMax; i++ {
		d *= 2
	}
	d = min(d, backoffMax)
	jitter := 0.75 + rand.Float64()/2
	return time.Duration(float64(d) * jitter)
}

// keepAlive watches the live session: it pings the server, and when the
// stream ends for any reason but Logout it reconnects until it succeeds,
// the failure is permanent, or Logout stops it.
func (c *Client) keepAlive(done <-chan error) {
	defer c.supervise.Done()
	for {
		c.mu.Lock()
		sess := c.sess
		c.mu.Unlock()
		pingStop := make(chan struct{})
		if sess != nil {
			go c.pingLoop(sess, pingStop)
		}
		var serveErr error
		select {
		case serveErr = <-done:
		case <-c.stop:
			close(pingStop)
			return
		}
		close(pingStop)
		if sess != nil {
			c.drop(sess)
		}
		// From here on nobody is known to be online; a resumed stream puts
		// the presence back (the server does not send it again).
		c.sm.connectionLost()
		c.lostPresence = c.roster.takePresence()
		select {
		case <-c.stop:
			return
		default:
		}
		reason := "the connection to the server was lost"
		if serveErr != nil {
			reason += ": " + serveErr.Error()
		}
		c.setStatus(ConnectionEvent{Status: StatusDisconnected, Reason: reason})

		var ok bool
		done, ok = c.reconnect(reason)
		if !ok {
			return
		}
	}
}

// reconnect retries with backoff. It reports false when it gave up: Logout,
// or a permanent failure (wrong password, bad certificate).
func (c *Client) reconnect(reason string) (<-chan error, bool) {
	var lastErr error // the last attempt's failure, for the edge to word
	for attempt := 0; ; attempt++ {
		wait := backoff(attempt)
		c.setStatus(ConnectionEvent{Status: StatusReconnecting, Reason: reason, Err: lastErr, RetryAt: time.Now().Add(wait)})
		if !c.waitOrServerBack(wait, probeHelps(lastErr)) {
			return nil, false
		}
		c.setStatus(ConnectionEvent{Status: StatusConnecting})
		ctx, cancel := c.stopContext(context.Background())
		done, err := c.establish(ctx)
		cancel()
		if err == nil {
			return done, true
		}
		select {
		case <-c.stop:
			return nil, false
		default:
		}
		if isPermanent(err) {
			c.setStatus(ConnectionEvent{Status: StatusConnectionFailed, Reason: err.Error(), Err: err})
			return nil, false
		}
		reason, lastErr = err.Error(), err
	}
}

// stopContext is parent, also cancelled by Logout.
func (c *Client) stopContext(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		select {
		case <-c.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// probeHelps reports whether a server that answers a TCP dial may have
// cured the last failure. A server that took the connection and then said
// nothing, too little, or a flood answers every probe: retrying it at each
// one would skip the backoff.
func probeHelps(lastErr error) bool {
	var se *SessionError
	var le *StreamLimitError
	return !errors.As(lastErr, &le) && !(errors.As(lastErr, &se) && se.Step == StepNoAnswer)
}

// waitOrServerBack sleeps for d, but with probe returns early when a TCP
// dial to the server succeeds (the network came back). False means Logout.
func (c *Client) waitOrServerBack(d time.Duration, probe bool) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	ticker := time.NewTicker(probeEvery)
	defer ticker.Stop()
	for {
		select {
		case <-c.stop:
			return false
		case <-timer.C:
			return true
		case <-ticker.C:
			if probe && c.serverAnswers() {
				return true
			}
		}
	}
}

// serverAnswers is the probe: a plain TCP dial to the explicit server,
// or else to the addresses the domain's SRV records name (srv.go).
func (c *Client) serverAnswers() bool {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	targets := []target{{addr: c.cfg.Server}}
	if c.cfg.Server == "" {
		targets = discoverTargets(ctx, net.DefaultResolver, c.account.Domainpart(), nil)
	}
	var d net.Dialer
	for _, tg := range targets {
		if conn, err := d.DialContext(ctx, "tcp", tg.addr); err == nil {
			conn.Close()
			return true
		}
	}
	return false
}

// pingLoop sends XEP-0199 pings to the server; a ping that gets no answer
// in time means a silent dead connection, which is then closed so that
// Serve returns and keepAlive reconnects.
func (c *Client) pingLoop(sess *xmpp.Session, stop <-chan struct{}) {
	interval, timeout := c.cfg.PingInterval, c.cfg.PingTimeout
	if interval <= 0 {
		interval = 20 * time.Second
	}
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		c.requestAck(ctx)
		err := ping.Send(ctx, sess, c.account.Domain())
		cancel()
		// An error reply still proves the server is there; only silence or
		// a broken write means the connection is dead.
		var se stanza.Error
		if err != nil && !errors.As(err, &se) {
			c.log.Warn("ping failed; closing the connection", "err", err)
			sess.Conn().Close()
			return
		}
	}
}
