package app

import (
	"context"

	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/xmppclient"
)

// HistoryPage is one page of a chat's history, oldest first.
type HistoryPage struct {
	Messages []StoredMessage
	// Start: nothing is older, in the local history nor in the server's
	// archive (which said so). False when that is not known: offline, an
	// archive that did not answer, or a full page.
	Start bool
}

// olderPages bounds how many archive pages one scroll back walks to find
// older messages past pages of receipts and chat states.
const olderPages = 10

// History is one page of a chat's stored messages: the newest page when
// before is "", else the page before that local id. When the history has
// no more, older messages come from the archive.
func (c *chatSession) History(ctx context.Context, peer, before string, limit int) (HistoryPage, error) {
	if limit <= 0 {
		limit = history.DefaultLimit
	}
	page, err := c.page(ctx, peer, before, limit)
	if err != nil || len(page) >= limit || c.Status() != xmppclient.StatusConnected {
		return HistoryPage{Messages: page}, err
	}
	oldest := ""
	for _, m := range page {
		if m.StanzaID != "" {
			oldest = m.StanzaID
			break
		}
	}
	if oldest == "" && (len(page) > 0 || before != "") {
		return HistoryPage{Messages: page}, nil // nothing to page the archive from
	}
	complete := false
	q := xmppclient.ArchiveQuery{With: peer, Before: oldest, Latest: oldest == "", Limit: limit}
	for range olderPages {
		older, err := c.FetchArchive(ctx, q)
		if err != nil {
			break // the local page is still an answer
		}
		complete = older.Complete
		// A page of receipts and chat states holds no message: the one
		// before it may.
		if len(c.storeAll(older.Messages)) > 0 || older.Complete || older.First == "" || older.First == q.Before {
			break
		}
		q.Before, q.Latest = older.First, false
	}
	page, err = c.page(ctx, peer, before, limit)
	return HistoryPage{Messages: page, Start: err == nil && complete && len(page) < limit}, err
}

func (c *chatSession) page(ctx context.Context, peer, before string, limit int) ([]StoredMessage, error) {
	db, err := c.hist.get(ctx)
	if err != nil {
		return nil, err
	}
	if before == "" {
		return db.Recent(ctx, peer, limit)
	}
	return db.Before(ctx, peer, before, limit)
}
