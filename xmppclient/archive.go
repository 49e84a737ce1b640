package xmppclient

import (
	"context"
	"sync"

	"mellium.im/xmpp/history"
	"mellium.im/xmpp/jid"

	"github.com/parley-im/parley/profile"
)

// maxArchivePage bounds one archive page: a server may send fewer, never
// more is asked for.
const maxArchivePage = 100

// mamResult is one archived message of a XEP-0313 query.
type mamResult struct {
	QueryID   string    `xml:"queryid,attr"`
	ID        string    `xml:"id,attr"`
	Forwarded forwarded `xml:"urn:xmpp:forward:0 forwarded"`
}

// ArchiveQuery asks the account's own archive for one page of messages.
type ArchiveQuery struct {
	// With limits the page to one chat (a bare JID); "" is every chat.
	With string
	// After is an archive id (a MessageEvent's StanzaID): the page starts
	// after it, oldest first. Before asks for the page just before an
	// archive id, and "latest" (Before == "" with Latest) for the newest.
	After  string
	Before string
	Latest bool
	// Limit is the page size, at most 100 (the default).
	Limit int
}

// ArchivePage is one page of archived messages, oldest first.
type ArchivePage struct {
	Messages []MessageEvent
	// Complete: the archive has nothing further in the direction asked.
	Complete bool
	// Last is the archive id of the page's last item (RSM <last>), which
	// need not be a message shown: the archive also keeps receipts and
	// chat states, which carry no body. The next page goes on from it.
	Last string
	// First is the archive id of the page's first item (RSM <first>): a
	// page further back goes on from it.
	First string
}

// archiveQueries collects the results of the archive queries in flight,
// by query id. Results for an id Parley did not ask for are dropped: an
// archive result is a forwarded message, and only our own queries may
// bring those.
type archiveQueries struct {
	mu      sync.Mutex
	pending map[string]*[]MessageEvent
}

// FetchArchive fetches one page of the account's archive (XEP-0313 with
// mellium's history package). The results come as messages before the
// query's answer, through the stanza handler, which collects them here
// instead of publishing them.
func (c *Client) FetchArchive(ctx context.Context, q ArchiveQuery) (ArchivePage, error) {
	sess, err := c.session()
	if err != nil {
		return ArchivePage{}, err
	}
	limit := q.Limit
	if limit <= 0 || limit > maxArchivePage {
		limit = maxArchivePage
	}
	filter := history.Query{ID: randomHex(8), Limit: uint64(limit)}
	if q.With != "" {
		if filter.With, err = parseContact(q.With); err != nil {
			return ArchivePage{}, err
		}
	}
	switch {
	case q.Before != "" || q.Latest:
		filter.Last, filter.PageID = true, q.Before
	default:
		filter.PageID = q.After
	}
	got := c.archive.track(filter.ID)
	defer c.archive.untrack(filter.ID)
	res, err := history.Fetch(ctx, filter, jid.JID{}, sess)
	if err != nil {
		return ArchivePage{}, sendErr("fetch the message archive", err)
	}
	c.archive.mu.Lock()
	msgs := append([]MessageEvent(nil), (*got)...)
	c.archive.mu.Unlock()
	return ArchivePage{Messages: msgs, Complete: res.Complete, Last: profile.Sanitize(res.Set.Last), First: profile.Sanitize(res.Set.First.ID)}, nil
}

func (a *archiveQueries) track(id string) *[]MessageEvent {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.pending == nil {
		a.pending = map[string]*[]MessageEvent{}
	}
	got := new([]MessageEvent)
	a.pending[id] = got
	return got
}

func (a *archiveQueries) untrack(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.pending, id)
}

// onArchiveResult keeps one archived message for the query that asked for
// it. It must come from our own account (the archive), with the id of a
// query in flight.
func (c *Client) onArchiveResult(from jid.JID, r *mamResult) {
	if !from.Equal(c.account) {
		c.log.Warn("archive result from another entity dropped", "from", from)
		return
	}
	ev, ok := c.forwardedEvent(r.Forwarded)
	if !ok {
		return
	}
	ev.StanzaID, ev.Archived = profile.Sanitize(r.ID), true
	c.archive.mu.Lock()
	defer c.archive.mu.Unlock()
	got, ok := c.archive.pending[r.QueryID]
	if !ok {
		return
	}
	if len(*got) >= maxArchivePage {
		return // more than asked for: the rest is a hostile archive's
	}
	*got = append(*got, ev)
}
