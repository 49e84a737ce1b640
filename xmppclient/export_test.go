package xmppclient

import "time"

// QuickACK is quickACK for the external tests' bare mellium baseline.
var QuickACK = quickACK

// MaxStanza is the incoming stanza bound, for the memory tests' limits.
const MaxStanza = maxStanza

// SpoilResumption makes the next resumption fail (the server does not know
// the id), as when the server's window has passed.
func SpoilResumption(c *Client) {
	c.sm.mu.Lock()
	defer c.sm.mu.Unlock()
	if c.sm.id != "" {
		c.sm.id = "expired-" + c.sm.id
	}
}

// SetCompleteDelay sets how long after a contact's first profile
// notification a silent node leads to a full fetch; it returns the undo.
func SetCompleteDelay(d time.Duration) func() {
	old := completeDelay
	completeDelay = d
	return func() { completeDelay = old }
}

// Resyncing reports whether c, after a log-in, still waits for contacts
// that were available before to say so (presencesync.go).
func Resyncing(c *Client) bool { return c.roster.resyncing() }
