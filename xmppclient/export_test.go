package xmppclient

import (
	"crypto/sha1"
	"time"
)

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

// SetProfileStoreDelay holds each notification's profile work for d
// between its merge and its store; it returns the undo.
func SetProfileStoreDelay(d time.Duration) func() {
	old := profileStoreDelay.Swap(int64(d))
	return func() { profileStoreDelay.Store(old) }
}

// SetNamesFirstHold keeps a names-first stage open for d before its
// ping; it returns the undo.
func SetNamesFirstHold(d time.Duration) func() {
	old := namesFirstHold.Swap(int64(d))
	return func() { namesFirstHold.Store(old) }
}

// Resyncing reports whether c, after a log-in, still waits for contacts
// that were available before to say so (presencesync.go).
func Resyncing(c *Client) bool { return c.roster.resyncing() }

// SetNamesFirstRoster sets the smallest roster for which a first log-in
// takes the nicknames first; it returns the undo.
func SetNamesFirstRoster(n int) func() {
	old := namesFirstRoster
	namesFirstRoster = n
	return func() { namesFirstRoster = old }
}

// CapsVers are the caps hashes of the full feature set and of the
// names-first stage.
func CapsVers() (full, names string) {
	return discoInfoOf(false).Hash(sha1.New()), discoInfoOf(true).Hash(sha1.New())
}
