package ui

import (
	"fmt"
	"math"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// connState is what the status bar shows about the connection.
type connState struct {
	status  xmppclient.Status
	reason  string // sanitised at render time
	retryAt time.Time
	lost    bool // the connection was lost and is not back yet
}

// apply records a connection event. back reports a connection that is up
// again after it was lost: the client goes DISCONNECTED, RECONNECTING,
// CONNECTING (maybe several rounds), then CONNECTED.
func (c *connState) apply(ev xmppclient.ConnectionEvent) (back bool) {
	switch ev.Status {
	case xmppclient.StatusDisconnected, xmppclient.StatusReconnecting:
		c.lost = true
	case xmppclient.StatusConnected:
		back, c.lost = c.lost, false
	}
	c.status = ev.Status
	c.reason = ev.Reason
	if ev.Err != nil {
		c.reason = errtext.Message(ev.Err) // the sentence, not Go's words
	}
	c.retryAt = ev.RetryAt
	return back
}

// label is the state as text, with the countdown for RECONNECTING.
func (c connState) label(now time.Time) string {
	switch c.status {
	case "":
		return "○ OFFLINE"
	case xmppclient.StatusConnected:
		return "● CONNECTED"
	case xmppclient.StatusConnecting:
		return "◌ CONNECTING…"
	case xmppclient.StatusReconnecting:
		if !c.retryAt.IsZero() {
			secs := int(math.Ceil(c.retryAt.Sub(now).Seconds()))
			if secs > 0 {
				return fmt.Sprintf("↻ RECONNECTING in %d s", secs)
			}
		}
		return "↻ RECONNECTING…"
	case xmppclient.StatusDisconnected:
		if c.reason != "" {
			return "✕ DISCONNECTED: " + clean(c.reason)
		}
		return "✕ DISCONNECTED"
	case xmppclient.StatusConnectionFailed:
		if c.reason != "" {
			return "✕ CONNECTIONFAILED: " + clean(c.reason)
		}
		return "✕ CONNECTIONFAILED"
	default:
		return clean(string(c.status))
	}
}

// ticking reports whether a countdown needs a tick every second.
func (c connState) ticking(now time.Time) bool {
	return c.status == xmppclient.StatusReconnecting && c.retryAt.After(now)
}
