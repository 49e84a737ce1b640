package app

import (
	"context"
	"errors"
	"time"

	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/xmppclient"
)

// SendOne sends one message from a one-shot (Quiet) session and waits
// until the server has handled it (or bounced it). The message is in the
// account's local history, with its final state, before SendOne returns;
// a history that cannot be opened is no reason not to send.
func (a *App) SendOne(ctx context.Context, c *xmppclient.Client, to, body string) (StoredMessage, error) {
	peer, err := BareJID(to)
	if err != nil {
		return StoredMessage{}, err
	}
	id := xmppclient.NewMessageID()
	m := StoredMessage{Peer: peer, From: c.Account(), To: peer, Body: body, Time: time.Now(),
		Direction: history.Out, State: history.Pending, OriginID: id, MessageID: id}
	db, err := history.Open(ctx, c.Account())
	if err != nil {
		if a.opts.Logger != nil {
			a.opts.Logger.Warn("no local history", "err", err)
		}
	} else {
		defer db.Close()
		if m, _, err = db.Store(ctx, m); err != nil {
			return m, err
		}
	}
	_, err = c.SendChatConfirmed(ctx, peer, body, id)
	switch {
	case err == nil:
		m.State = history.Sent
	case errors.Is(err, xmppclient.ErrNotConnected), errors.Is(err, xmppclient.ErrConnectionLost):
		// Unknown whether it arrived: the state stays as it was.
	default:
		m.State, m.Error = history.Failed, err.Error()
	}
	if db != nil && m.ID != "" {
		if _, uerr := db.UpdateState(context.WithoutCancel(ctx), m.ID, m.State, m.Error); uerr != nil && a.opts.Logger != nil {
			a.opts.Logger.Warn("mark the message", "err", uerr)
		}
	}
	return m, err
}
