package xmppclient

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"mellium.im/xmpp"
	"mellium.im/xmpp/ping"

	"github.com/parley-im/parley/profile"
)

// The server answers the initial presence with a burst of last PEP items
// (three nodes for every contact whose interest our caps announce), and
// Prosody writes that burst, and the broadcast of the presence itself,
// only once it has produced all of it. With 1,000 contacts:
//   - on a first log-in on a machine no contact's profile is known, and
//     the first nickname came 1.6–1.9 s after Enter, against 0.8 s when
//     only the nickname's interest was announced;
//   - a returning user's list is drawn from the profile snapshot at once,
//     but contacts saw it online only after 1.4–1.55 s (Profanity: 0.8–1
//     s), against 0.6–0.67 s with the nickname's interest alone
//     (BENCHMARKS.md).
// So a log-in with a large roster announces the nickname's interest alone
// first, and the full set once the server has sent the nicknames: both
// servers send the last items of a node that becomes interesting when
// the caps change (XEP-0163 §4.3.2, Prosody's mod_pep sends those of the
// nodes added). Contacts see one more presence, the same but for the caps.

// namesFirstRoster is the smallest roster for which a log-in takes the
// nicknames first; a smaller one's burst is quick anyway, and the second
// presence would be one more stanza for every contact. A variable so
// that tests can lower it.
var namesFirstRoster = 100

// namesFirstLimit bounds how long the rest of the interests wait.
const namesFirstLimit = 10 * time.Second

// namesFirstHold, zero outside tests, keeps the stage open that long
// before its ping, so that a test can break the stream inside it.
var namesFirstHold atomic.Int64

// namesFirst is the state of the names-first stage of a log-in.
type namesFirst struct {
	mu     sync.Mutex
	active bool // our caps announce the nickname's interest alone
	asked  bool // the server asked what that caps hash means
	// owed: the stream ended during the stage, so a resumed stream still
	// carries the names-first caps and the full presence is owed.
	owed bool
	// complete are the contacts whose profile completion waits for the
	// stage's end (profilefirst.go): their other nodes come only then.
	complete []string
}

// laterInterest reports whether feature is a +notify interest that the
// names-first stage leaves out.
func laterInterest(feature string) bool {
	switch feature {
	case profile.NodeVCard4 + "+notify", profile.NodeAvatarMetadata + "+notify":
		return true
	}
	return false
}

func (c *Client) namesOnly() bool {
	c.names.mu.Lock()
	defer c.names.mu.Unlock()
	return c.names.active
}

// namesAsked records that the server asked about the names-first caps.
func (c *Client) namesAsked() {
	c.names.mu.Lock()
	c.names.asked = true
	c.names.mu.Unlock()
}

// beginNamesFirst starts the stage when the roster is large; it reports
// whether it did.
func (c *Client) beginNamesFirst() bool {
	if c.cfg.Quiet || c.roster.size() < namesFirstRoster {
		return false
	}
	c.names.mu.Lock()
	defer c.names.mu.Unlock()
	c.names.active, c.names.asked, c.names.complete = true, false, nil
	return true
}

// takeNamesOwed reports whether the full presence is owed since a stage
// ended with its stream, and clears that.
func (c *Client) takeNamesOwed() bool {
	c.names.mu.Lock()
	defer c.names.mu.Unlock()
	owed := c.names.owed
	c.names.owed = false
	return owed
}

// completeLater schedules the completion of bare's profile, after the
// stage when one is on.
func (c *Client) completeLater(bare string) {
	c.names.mu.Lock()
	if c.names.active {
		c.names.complete = append(c.names.complete, bare)
		c.names.mu.Unlock()
		return
	}
	c.names.mu.Unlock()
	time.AfterFunc(completeDelay, func() { c.completeProfile(bare) })
}

// finishNamesFirst ends the stage begun for sess: once the server has
// answered a ping sent after the presence (and, when it asked what the
// caps mean, another sent after our answer), it has written the
// nicknames' burst before that answer, and the full presence goes. The
// stage also ends, without the presence, when the stream does.
func (c *Client) finishNamesFirst(sess *xmpp.Session, ended <-chan struct{}) {
	ctx, cancel := context.WithTimeout(context.Background(), namesFirstLimit)
	defer cancel()
	go func() {
		select {
		case <-ended:
			cancel()
		case <-c.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	if d := namesFirstHold.Load(); d > 0 {
		select { // a test keeps the stage open
		case <-time.After(time.Duration(d)):
		case <-ctx.Done():
		}
	}
	domain := c.account.Domain()
	_ = ping.Send(ctx, sess, domain) // a server without ping answers an error, which is as good
	c.names.mu.Lock()
	asked := c.names.asked
	c.names.mu.Unlock()
	if asked {
		_ = ping.Send(ctx, sess, domain)
	}
	c.names.mu.Lock()
	c.names.active = false
	waiting := c.names.complete
	c.names.complete = nil
	c.names.mu.Unlock()
	for _, bare := range waiting {
		time.AfterFunc(completeDelay, func() { c.completeProfile(bare) })
	}
	select {
	case <-ended:
		// A new log-in announces the full set; a resumed stream does
		// when it finds this owed.
		c.names.mu.Lock()
		c.names.owed = true
		c.names.mu.Unlock()
		return
	case <-c.stop:
		return // logging out: no available presence after the unavailable one
	default:
	}
	pctx, pcancel := context.WithTimeout(context.Background(), goodbyeTimeout)
	defer pcancel()
	c.announceInterests(pctx, sess)
}

// announceInterests sends our presence again, now with every interest in
// its caps; a failure is only logged (the next log-in announces them).
func (c *Client) announceInterests(ctx context.Context, sess *xmpp.Session) {
	if err := c.sendOwnPresence(ctx, sess); err != nil {
		c.log.Warn("announce the profile interests", "err", err)
	}
}
