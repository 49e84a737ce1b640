package xmppclient

import (
	"context"
	"fmt"
	"sync"

	"mellium.im/xmpp/ping"
)

// bounceWatch remembers the bounces of messages someone waits for, by id.
// onBounce fills it in the stanza handler, so by the time a later reply
// has been read, an earlier bounce is recorded: no event channel to race.
type bounceWatch struct {
	mu      sync.Mutex
	waiting map[string]error
}

func (w *bounceWatch) watch(id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.waiting == nil {
		w.waiting = map[string]error{}
	}
	w.waiting[id] = nil
}

func (w *bounceWatch) record(id string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.waiting[id]; ok {
		w.waiting[id] = err
	}
}

func (w *bounceWatch) done(id string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	err := w.waiting[id]
	delete(w.waiting, id)
	return err
}

// SendChatConfirmed sends a message and returns once the server has
// handled it: it follows the message with a ping to the server (XEP-0199)
// and, since a server handles a stream's stanzas in order, a bounce the
// server itself makes (no such account, the recipient's server
// unreachable at once) has come back before the ping's answer. A bounce
// from a remote server can come later; without stream management
// (XEP-0198) this is the acknowledgement there is.
func (c *Client) SendChatConfirmed(ctx context.Context, to, body, id string) (string, error) {
	if id == "" {
		id = NewMessageID()
	}
	c.bounces.watch(id)
	defer c.bounces.done(id)
	id, err := c.SendChat(ctx, to, body, id)
	if err != nil {
		return id, err
	}
	sess, err := c.session()
	if err != nil {
		return id, err
	}
	if err := ping.Send(ctx, sess, c.account.Domain()); err != nil {
		return id, sendErr(fmt.Sprintf("confirm the message to %s", to), err)
	}
	return id, c.bounces.done(id)
}
