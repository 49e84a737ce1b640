package xmppclient

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"time"

	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/stanza"
)

// Client is one account's XMPP session that survives reconnects. Make it
// with New, start it with Connect, end it with Logout.
type Client struct {
	cfg     Config
	account jid.JID // bare
	log     *slog.Logger
	bus     eventBus

	mu        sync.Mutex
	sess      *xmpp.Session // nil while disconnected
	sessEnded chan struct{} // closed when sess's stream ends
	bound     jid.JID
	status    Status
	stop      chan struct{} // closed by Logout
	stopped   bool
	supervise sync.WaitGroup

	roster      rosterState
	rosterCache rosterCache // where the roster of the live session is cached
	presence    ownPresence
	pepSeen     pepState
	profiles    profileState
	snapshot    snapshotState // the profiles kept on disk between log-ins
	names       namesFirst    // a first log-in's nicknames before the rest (namesfirst.go)
	archive     archiveQueries
	bounces     bounceWatch
	sm          smState
	// lostPresence is the contacts' presence when the stream broke, for a
	// resumption to put back; only keepAlive's goroutine uses it.
	lostPresence presenceSnapshot
}

// New makes a Client for cfg. Nothing happens on the network until Connect.
func New(cfg Config) *Client {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	c := &Client{
		cfg:    cfg,
		log:    log,
		status: StatusDisconnected,
		stop:   make(chan struct{}),
	}
	if j, err := jid.Parse(cfg.JID); err == nil {
		c.account = j.Bare()
	}
	c.roster.init()
	c.presence.show, c.presence.status = ShowOnline, cfg.StatusText
	if settable(cfg.Show) {
		c.presence.show = cfg.Show
	}
	c.presence.hideIdle = cfg.HideIdle
	// Idle counts from the start until the front end marks activity
	// (the UI on every key press): watch, with no keyboard, is idle.
	c.presence.activeAt = time.Now()
	c.profiles.changed = c.saveProfileSnapshotSoon
	c.profiles.own = c.account.String()
	return c
}

// Subscribe returns a channel of events and a function that ends the
// subscription. The first subscriber of a Client gets every event since
// New, including those of a log-in that returned before it subscribed;
// later ones get the events from now on. Events are never blocked on:
// they queue per subscriber, and one that falls 262,144 events
// (maxQueuedEvents) behind loses the newest ones.
func (c *Client) Subscribe() (<-chan Event, func()) { return c.bus.subscribe() }

// Status is the current connection state.
func (c *Client) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// CurrentJID is the full JID bound at the last login ("" before one).
func (c *Client) CurrentJID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bound.Equal(jid.JID{}) {
		return ""
	}
	return c.bound.String()
}

// Account is the bare JID of the account.
func (c *Client) Account() string { return c.account.String() }

func (c *Client) setStatus(e ConnectionEvent) {
	c.mu.Lock()
	changed := c.status != e.Status || e.Status == StatusReconnecting
	c.status = e.Status
	c.mu.Unlock()
	if changed {
		c.log.Info("connection", "status", e.Status, "reason", e.Reason)
		c.bus.publish(e)
	}
}

// session returns the live session or a 503.
func (c *Client) session() (*xmpp.Session, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sess == nil {
		return nil, &NotConnectedError{Status: c.status}
	}
	return c.sess, nil
}

// sessionUntilEnd is session with a context that also ends when that
// session's stream ends, and a channel closed then. Why: mellium keeps a
// request waiting for its answer after the stream is gone, until its
// context ends.
func (c *Client) sessionUntilEnd(ctx context.Context) (*xmpp.Session, context.Context, <-chan struct{}, context.CancelFunc, error) {
	c.mu.Lock()
	sess, ended, status := c.sess, c.sessEnded, c.status
	c.mu.Unlock()
	if sess == nil {
		return nil, nil, nil, nil, &NotConnectedError{Status: status}
	}
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-ended:
			cancel()
		case <-ctx.Done():
		}
	}()
	return sess, ctx, ended, cancel, nil
}

// Connect logs in and returns once the session is CONNECTED (roster fetched,
// initial presence sent) or has failed. After a success the client keeps
// the session alive by itself until Logout: a dropped stream is reconnected
// with backoff.
func (c *Client) Connect(ctx context.Context) error {
	if c.account.Localpart() == "" {
		return &AddressError{Value: c.cfg.JID, Account: true}
	}
	c.mu.Lock()
	if c.stopped {
		c.mu.Unlock()
		return ErrLoggedOut
	}
	c.mu.Unlock()
	c.setStatus(ConnectionEvent{Status: StatusConnecting})
	// Logout ends a log-in still under way: quitting never waits for a
	// server that does not answer.
	ctx, cancel := c.stopContext(ctx)
	defer cancel()
	done, err := c.establish(ctx)
	if err != nil {
		select {
		case <-c.stop:
			err = ErrLoggedOut
		default:
		}
		c.setStatus(ConnectionEvent{Status: StatusConnectionFailed, Reason: err.Error(), Err: err})
		return err
	}
	c.supervise.Add(1)
	go c.keepAlive(done)
	return nil
}

// establish logs in, starts serving the stream and brings the session up to
// CONNECTED. done receives Serve's result when the stream ends.
func (c *Client) establish(ctx context.Context) (<-chan error, error) {
	sess, l, err := c.login(ctx)
	if err != nil {
		return nil, err
	}
	timeout := c.cfg.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// The stream ending also ends the set-up below: a roster request on a
	// dead stream is never answered, and would otherwise wait out the
	// whole timeout.
	done := make(chan error, 1)
	ended := make(chan struct{})
	var serveErr error
	go func() {
		err := sess.Serve(c.handler())
		serveErr = err
		close(ended)
		done <- err
	}()
	go func() {
		select {
		case <-ended:
			cancel()
		case <-ctx.Done():
		}
	}()
	// broke says why a set-up step failed: the stream's end when it ended.
	broke := func(err error) error {
		select {
		case <-ended:
			if serveErr != nil {
				return serveErr
			}
			return errors.New("the server closed the stream")
		default:
			return err
		}
	}

	c.mu.Lock()
	c.sess, c.sessEnded = sess, ended
	c.bound = sess.LocalAddr()
	c.mu.Unlock()

	if l.resumed {
		// The same stream: presence, roster and subscriptions are as they
		// were, and what the server queued for us comes now.
		// Subscribers were told nothing at the break, so nothing is
		// told again.
		c.roster.restorePresence(c.lostPresence)
		c.lostPresence = nil
		c.setStatus(ConnectionEvent{Status: StatusConnected, Resumed: true})
		if gen, heard, open := c.roster.openResync(); open {
			// The session before ended in its reconnect's window.
			go c.settleResync(gen, heard, ended)
		}
		if c.takeNamesOwed() {
			// The stream broke during a names-first stage.
			c.announceInterests(ctx, sess)
		}
		c.requestAck(ctx)
		c.afterConnect(sess)
		return done, nil
	}
	c.takeNamesOwed() // the presence below announces the interests again
	unacked := c.sm.forget()
	// The presence of the session before is forgotten; the contacts that
	// were available are waited for (presencesync.go).
	resyncGen, heard := c.roster.beginResync()
	c.lostPresence = nil
	// Before the presence: the notifications it brings find the profiles
	// known from the last log-in.
	c.loadProfileSnapshot(sess)
	// Stream management, roster, carbons and presence then leave together
	// (pipeline.go).
	c.enableSM(ctx, sess, l.smOffered)

	// Roster and carbons asked for at once, presence as soon as both are
	// answered (pipeline.go), the roster worked through meanwhile.
	rosterReq := startRequest(func(answered func()) error {
		return c.fetchRoster(ctx, sess, answered)
	})
	carbonsReq := c.startCarbons(ctx, sess)
	awaitAnswers(ctx, rosterReq, carbonsReq)
	namesFirst := c.beginNamesFirst()
	step := StepPresence
	if err = c.sendOwnPresence(ctx, sess); err != nil {
		err = broke(err)
		c.drop(sess) // which ends the roster request's wait too
		// The roster request went first: when it failed too, the stream
		// broke under it.
		if rerr := <-rosterReq.done; rerr != nil {
			step, err = StepRoster, broke(rerr)
		}
		return nil, &SessionError{Step: step, Addr: c.cfg.Server, Domain: c.account.Domainpart(), Err: err}
	}
	err = <-rosterReq.done
	if cerr := <-carbonsReq.done; cerr != nil {
		c.log.Warn("carbons not enabled", "err", cerr)
	}
	if err != nil {
		c.drop(sess)
		err = broke(err)
		return nil, &SessionError{Step: StepRoster, Addr: c.cfg.Server, Domain: c.account.Domainpart(), Err: err}
	}
	go c.settleResync(resyncGen, heard, ended)
	if namesFirst {
		go c.finishNamesFirst(sess, ended)
	}
	c.setStatus(ConnectionEvent{Status: StatusConnected})
	// Messages the broken stream never had acknowledged go again, once:
	// the server may have lost them with the connection. (A receiver that
	// got them anyway tells the copy by its origin-id.)
	for _, raw := range unacked {
		if err := sess.Send(ctx, rawXML(raw)); err != nil {
			c.log.Warn("resend an unacknowledged message", "err", err)
		}
	}
	c.afterConnect(sess)
	return done, nil
}

// drop forgets sess and closes its connection.
func (c *Client) drop(sess *xmpp.Session) {
	c.mu.Lock()
	if c.sess == sess {
		c.sess = nil
	}
	c.mu.Unlock()
	if conn := sess.Conn(); conn != nil {
		conn.Close()
	}
}

// goodbyeTimeout bounds what Logout writes: the unavailable presence and
// the stream's end.
const goodbyeTimeout = 3 * time.Second

// Logout sends unavailable presence, closes the stream and stops
// reconnecting, within goodbyeTimeout even on a server that stopped
// reading. It is safe to call more than once.
func (c *Client) Logout(ctx context.Context) error {
	c.mu.Lock()
	if c.stopped {
		c.mu.Unlock()
		return nil
	}
	c.stopped = true
	close(c.stop)
	sess := c.sess
	c.mu.Unlock()

	var err error
	if sess != nil {
		ctx, cancel := context.WithTimeout(ctx, goodbyeTimeout)
		defer cancel()
		// The session's writes wait for each other without a context: one
		// stuck on a server that stopped reading would hold the goodbye
		// and the stream's close for ever. A deadline on the connection
		// ends them all.
		if conn := sess.Conn(); conn != nil {
			_ = conn.SetWriteDeadline(time.Now().Add(goodbyeTimeout))
		}
		if e := sess.Send(ctx, stanza.Presence{Type: stanza.UnavailablePresence}.Wrap(nil)); e != nil {
			err = &SessionError{Step: StepGoodbye, Addr: c.cfg.Server, Domain: c.account.Domainpart(), Err: e}
		}
		// Close sends </stream:stream>; the connection is closed right after
		// rather than waiting for the server's reply (mellium's
		// SetCloseDeadline races with Serve).
		_ = sess.Close()
		c.drop(sess)
	}
	c.supervise.Wait()
	c.flushProfileSnapshot()
	c.setStatus(ConnectionEvent{Status: StatusDisconnected, Reason: "logged out"})
	c.bus.closeAll()
	return err
}
