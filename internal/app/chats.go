package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/xmppclient"
)

// StoredMessage is a message of the local history.
type StoredMessage = history.Message

// messenger is what a chat session needs of the client beneath it.
type messenger interface {
	Session
	SendChat(ctx context.Context, to, body, id string) (string, error)
	FetchArchive(ctx context.Context, q xmppclient.ArchiveQuery) (xmppclient.ArchivePage, error)
	Account() string
	PendingRequests() []string
}

// Archive catch-up bounds: after a log-in at most this many pages (of
// 100) are fetched, within catchUpTime; what is older stays in the
// server's archive and comes when the user scrolls up. A page counts the
// archive's items, and the archive keeps receipts and chat states too
// (on Prosody a page of 100 held 14–36 messages), so it takes about 50
// pages to bring 1,000 messages.
const (
	catchUpPages = 60
	catchUpTime  = 30 * time.Second
)

// chatSession is a logged-in account as the front ends see it: the
// client's session with the account's local history in front of it.
// Every message, in or out, is stored before any subscriber sees it; a
// message seen twice (live and from the archive, or from two resources)
// is stored and shown once; messages typed while offline wait in the
// history as pending and go out once connected.
type chatSession struct {
	messenger
	hist *lazyHistory
	bus  xmppclient.EventBus
	log  *slog.Logger
	done chan struct{} // closed when the event loop has ended

	// sendMu makes storing, sending and marking a message one step, so
	// the outbox never sends a message SendChat is sending (none twice).
	sendMu sync.Mutex
}

// withHistory puts the account's history in front of s. Without a
// database (it cannot be opened), s is returned as it is and the reason
// logged: chat then works for the session only.
func (a *App) withHistory(ctx context.Context, s Session) Session {
	m, ok := s.(messenger)
	if !ok || a.opts.NoHistory {
		return s
	}
	log := a.opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	path, err := history.Path(m.Account())
	if err != nil {
		log.Warn("no local history", "err", err)
		return s
	}
	hist := &lazyHistory{path: path}
	if _, ok := hist.hints(); !ok {
		// No hints (a first log-in, or an older Parley's history): opened
		// now, which makes them, and without a history chat works for the
		// session only.
		if _, err := hist.get(ctx); err != nil {
			log.Warn("no local history", "err", err)
			return s
		}
	}
	return startChatSession(m, hist, log)
}

// WithHistory is withHistory for a front end that made its client itself
// (watch subscribes before it connects): call it before Connect, and
// read the events from the Session it returns.
func (a *App) WithHistory(ctx context.Context, c *xmppclient.Client) Session {
	return a.withHistory(ctx, c)
}

// newChatSession is a chat session over a history already open.
func newChatSession(m messenger, db *history.DB, log *slog.Logger) *chatSession {
	return startChatSession(m, &lazyHistory{path: db.Path(), db: db}, log)
}

func startChatSession(m messenger, hist *lazyHistory, log *slog.Logger) *chatSession {
	c := &chatSession{messenger: m, hist: hist, log: log, done: make(chan struct{})}
	// The client's first subscriber gets every event since the client was
	// made, so nothing of the log-in passes this loop by.
	in, _ := m.Subscribe()
	go c.loop(in)
	if m.Status() == xmppclient.StatusConnected {
		go c.afterConnect()
	}
	return c
}

// Subscribe returns the session's events after the history has taken
// them: the first subscriber gets every event since the log-in.
func (c *chatSession) Subscribe() (<-chan xmppclient.Event, func()) { return c.bus.Subscribe() }

func (c *chatSession) loop(in <-chan xmppclient.Event) {
	defer close(c.done)
	defer c.bus.Close()
	for ev := range in {
		switch ev := ev.(type) {
		case xmppclient.MessageEvent:
			id, fresh := c.store(ev)
			if !fresh {
				continue
			}
			ev.LocalID = id
			c.bus.Publish(ev)
			continue
		case xmppclient.MessageStateEvent:
			c.mark(ev)
		case xmppclient.ConnectionEvent:
			// A reconnect too: the archive fills the gap, the outbox empties.
			if ev.Status == xmppclient.StatusConnected {
				go c.afterConnect()
			}
		}
		c.bus.Publish(ev)
	}
}

// store keeps an incoming (or carbon-copied) message and gives its local
// id; fresh is false when it is one already stored, which is then not
// shown again. A message the database cannot take is still shown: losing
// it would be worse.
func (c *chatSession) store(ev xmppclient.MessageEvent) (id string, fresh bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := c.hist.get(ctx)
	if err != nil {
		c.log.Warn("store a message", "peer", ev.Peer(), "err", err)
		return "", true
	}
	m, dup, err := db.Store(ctx, c.stored(ev))
	if err != nil {
		c.log.Warn("store a message", "peer", ev.Peer(), "err", err)
		return "", true
	}
	return m.ID, !dup
}

// storeAll is store for a page of the archive, in one commit; it returns
// the messages that were new, with their local ids.
func (c *chatSession) storeAll(evs []xmppclient.MessageEvent) []xmppclient.MessageEvent {
	ms := make([]StoredMessage, len(evs))
	for i, ev := range evs {
		ms[i] = c.stored(ev)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := c.hist.get(ctx)
	if err != nil {
		c.log.Warn("store archived messages", "err", err)
		return evs
	}
	stored, dup, err := db.StoreAll(ctx, ms)
	if err != nil {
		c.log.Warn("store archived messages", "err", err)
		return evs // shown, though not stored: better than lost
	}
	var fresh []xmppclient.MessageEvent
	for i, ev := range evs {
		if !dup[i] {
			ev.LocalID = stored[i].ID
			fresh = append(fresh, ev)
		}
	}
	return fresh
}

// stored is the history's record of a message event.
func (c *chatSession) stored(ev xmppclient.MessageEvent) StoredMessage {
	m := StoredMessage{
		Peer: ev.Peer(), From: ev.From, To: ev.To, Body: ev.Body, Time: ev.Time,
		Direction: history.In, State: history.Received,
		StanzaID: ev.StanzaID, OriginID: ev.OriginID, MessageID: ev.ID,
	}
	if ev.StanzaID != "" {
		m.StanzaBy = c.Account()
	}
	if ev.Outgoing {
		m.Direction, m.State = history.Out, history.Sent
	}
	return m
}

// mark records a delivery state a receipt or a bounce brought.
func (c *chatSession) mark(ev xmppclient.MessageStateEvent) {
	why := ""
	if ev.Err != nil {
		why = ev.Err.Error()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := c.hist.get(ctx)
	if err != nil {
		c.log.Warn("mark a message", "id", ev.ID, "err", err)
		return
	}
	if _, err := db.UpdateStateByRef(ctx, ev.Peer, ev.ID, history.State(ev.State), why); err != nil && !errors.Is(err, history.ErrNotFound) {
		c.log.Warn("mark a message", "id", ev.ID, "err", err)
	}
}

// SendChat stores the message as pending, then sends it. When there is
// no connection it stays pending (and the id is returned without an
// error): the outbox sends it once connected.
func (c *chatSession) SendChat(ctx context.Context, to, body, id string) (string, error) {
	peer, err := BareJID(to)
	if err != nil {
		return "", err
	}
	if id == "" {
		id = xmppclient.NewMessageID()
	}
	db, err := c.hist.get(ctx)
	if err != nil {
		return "", err
	}
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	stored, dup, err := db.Store(ctx, StoredMessage{
		Peer: peer, From: c.Account(), To: peer, Body: body, Time: time.Now(),
		Direction: history.Out, State: history.Pending, OriginID: id, MessageID: id,
	})
	if err != nil {
		return "", err
	}
	if dup {
		return id, nil // the same message again: it is already on its way
	}
	return id, c.sendStored(ctx, stored)
}

// SendMessage is SendChat with a fresh id.
func (c *chatSession) SendMessage(ctx context.Context, to, body string) error {
	_, err := c.SendChat(ctx, to, body, "")
	return err
}

// sendStored sends a pending message and marks it sent. A lost
// connection leaves it pending; any other failure marks it failed.
// sendMu is held.
func (c *chatSession) sendStored(ctx context.Context, m StoredMessage) error {
	_, err := c.messenger.SendChat(ctx, m.Peer, m.Body, m.MessageID)
	state, why := history.Sent, ""
	switch {
	case errors.Is(err, xmppclient.ErrNotConnected), errors.Is(err, xmppclient.ErrConnectionLost):
		c.bus.Publish(xmppclient.MessageStateEvent{ID: m.MessageID, Peer: m.Peer, State: xmppclient.DeliveryPending})
		return nil
	case err != nil:
		state, why = history.Failed, err.Error()
	}
	db, uerr := c.hist.get(ctx)
	if uerr == nil {
		_, uerr = db.UpdateState(context.WithoutCancel(ctx), m.ID, state, why)
	}
	if uerr != nil {
		c.log.Warn("mark a message", "id", m.MessageID, "err", uerr)
	}
	c.bus.Publish(xmppclient.MessageStateEvent{ID: m.MessageID, Peer: m.Peer, State: xmppclient.Delivery(state), Err: err})
	return err
}

// afterConnect sends the outbox, then fills the gap from the archive.
func (c *chatSession) afterConnect() {
	ctx, cancel := context.WithTimeout(context.Background(), catchUpTime)
	defer cancel()
	c.flushOutbox(ctx)
	c.catchUp(ctx)
}

func (c *chatSession) flushOutbox(ctx context.Context) {
	if h, ok := c.hist.hints(); ok && !h.Outbox {
		return // nothing waits: the history stays closed
	}
	db, err := c.hist.get(ctx)
	if err != nil {
		c.log.Warn("read the outbox", "err", err)
		return
	}
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	pending, err := db.Pending(ctx)
	if err != nil {
		c.log.Warn("read the outbox", "err", err)
		return
	}
	for _, m := range pending {
		if c.sendStored(ctx, m) != nil || c.Status() != xmppclient.StatusConnected {
			return
		}
	}
}

// catchUp fetches what the archive holds after the newest message stored
// with an archive id (or, the first time, its newest page) and passes on
// what was not stored yet, oldest first.
func (c *chatSession) catchUp(ctx context.Context) {
	q, err := c.catchUpStart(ctx)
	if err != nil {
		c.log.Warn("read where the catch-up starts", "err", err) // and take the newest page
	}
	for range catchUpPages {
		page, err := c.FetchArchive(ctx, q)
		if err != nil {
			c.log.Info("archive catch-up", "err", err)
			return
		}
		if len(page.Messages) > 0 {
			for _, ev := range c.storeAll(page.Messages) {
				c.bus.Publish(ev)
			}
		}
		// A page of receipts and chat states has no message but is no
		// end: the archive says where it ended.
		next := page.Last
		if next == "" && len(page.Messages) > 0 {
			next = page.Messages[len(page.Messages)-1].StanzaID
		}
		if page.Complete || q.Latest || next == "" {
			return
		}
		q.After = next
	}
}

// catchUpStart is where the catch-up starts: after the newest message
// stored with an archive id, or, when there is none, at the archive's
// newest page. The history's hints tell without opening it.
func (c *chatSession) catchUpStart(ctx context.Context) (xmppclient.ArchiveQuery, error) {
	latest := xmppclient.ArchiveQuery{Latest: true}
	if h, ok := c.hist.hints(); ok && (h.NewestArchived == "" || h.By == c.Account()) {
		if h.NewestArchived == "" {
			return latest, nil
		}
		return xmppclient.ArchiveQuery{After: h.NewestArchived}, nil
	}
	db, err := c.hist.get(ctx)
	if err != nil {
		return latest, err
	}
	newest, ok, err := db.NewestArchived(ctx, c.Account())
	if err != nil || !ok {
		return latest, err
	}
	return xmppclient.ArchiveQuery{After: newest.StanzaID}, nil
}

// Search finds stored messages of peer ("" for every chat) with text.
func (c *chatSession) Search(ctx context.Context, peer, text string, limit int) ([]StoredMessage, error) {
	db, err := c.hist.get(ctx)
	if err != nil {
		return nil, err
	}
	return db.Search(ctx, peer, text, limit)
}

// Logout ends the client's session, then closes the history once every
// event has been stored.
func (c *chatSession) Logout(ctx context.Context) error {
	err := c.messenger.Logout(ctx)
	select {
	case <-c.done:
	case <-ctx.Done():
	}
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	if cerr := c.hist.close(); cerr != nil && err == nil {
		err = cerr
	}
	return err
}
