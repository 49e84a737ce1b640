package cli

import (
	"errors"
	"flag"
	"time"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/history"
)

// messageJSON is one stored message in the output.
type messageJSON struct {
	ID        string    `json:"id"`
	From      string    `json:"from"`
	To        string    `json:"to"`
	Body      string    `json:"body"`
	Time      time.Time `json:"time"`
	Direction string    `json:"direction"`
	State     string    `json:"state"`
	Error     string    `json:"error,omitempty"`
}

// maxHistoryLimit bounds one answer; page further with --before.
const maxHistoryLimit = 10_000

// historyQuery is what `parley history` was asked.
type historyQuery struct {
	peer, before, search string
	limit                int
}

func historyCommand() command {
	var q historyQuery
	c := command{
		name:    "history",
		usage:   "JID [--limit N] [--before ID] [--search TEXT]",
		summary: "print the messages of the chat with JID stored on this machine, oldest first; reads the local history only and does not connect",
		flags: func(fs *flag.FlagSet) {
			fs.IntVar(&q.limit, "limit", history.DefaultLimit, "print at most the newest `N` messages")
			fs.StringVar(&q.before, "before", "", "print the messages older than the one with this `ID` (scrolling up)")
			fs.StringVar(&q.search, "search", "", "print the messages that contain every word of `TEXT`")
		},
	}
	c.run = func(e *env, args []string) int {
		q = historyQuery{limit: history.DefaultLimit}
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		if err := q.check(args); err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		ms, err := e.history(q)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		out := make([]messageJSON, 0, len(ms))
		for _, m := range ms {
			out = append(out, messageJSON{ID: m.ID, From: m.From, To: m.To, Body: m.Body, Time: m.Time,
				Direction: string(m.Direction), State: string(m.State), Error: m.Error})
		}
		return printResult(e.stdout, "Success", map[string]any{"messages": out}, nil)
	}
	return c
}

// check validates the arguments and sets q.peer to the bare JID given.
func (q *historyQuery) check(args []string) error {
	if len(args) != 1 {
		return errtext.New(errtext.BadRequest, "Usage: parley history JID [--limit N] [--before ID] [--search TEXT].")
	}
	peer, err := app.BareJID(args[0])
	if err != nil {
		return err
	}
	q.peer = peer
	if q.limit < 1 || q.limit > maxHistoryLimit {
		return errtext.New(errtext.BadRequest, "--limit must be between 1 and %d.", maxHistoryLimit)
	}
	if q.before != "" && q.search != "" {
		return errtext.New(errtext.BadRequest, "Use --before or --search, not both.")
	}
	return nil
}

// history reads the chosen account's local database; an account that has
// none yet has no messages (and gets no file from a read).
func (e *env) history(q historyQuery) ([]history.Message, error) {
	acc, _, err := e.app().Choose("")
	if err != nil {
		return nil, err
	}
	exists, err := history.Exists(acc.JID)
	if err != nil || !exists {
		return []history.Message{}, historyErr(err)
	}
	db, err := history.Open(e.ctx, acc.JID)
	if err != nil {
		return nil, historyErr(err)
	}
	defer db.Close()
	var ms []history.Message
	switch {
	case q.search != "":
		ms, err = db.Search(e.ctx, q.peer, q.search, q.limit)
	case q.before != "":
		ms, err = db.Before(e.ctx, q.peer, q.before, q.limit)
		if errors.Is(err, history.ErrNotFound) {
			return nil, errtext.Wrap(errtext.NotFound, err, "No message %q in the chat with %s.", q.before, q.peer)
		}
	default:
		ms, err = db.Recent(e.ctx, q.peer, q.limit)
	}
	return ms, historyErr(err)
}

func historyErr(err error) error {
	if err == nil {
		return nil
	}
	return errtext.Wrap(errtext.Internal, err, "Cannot read the message history: %v.", err)
}
