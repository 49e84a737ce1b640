package cli

import (
	"encoding/json"
	"flag"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

func watchCommand() command {
	var seconds int
	c := command{
		name:    "watch",
		usage:   "[--seconds N]",
		summary: "stay connected and print one JSON line per event (connection, presence, roster, subscription request, message with its id, message state, chat state, profile) until N seconds pass or Ctrl-C",
		flags: func(fs *flag.FlagSet) {
			fs.IntVar(&seconds, "seconds", 0, "stop after `N` seconds (0: until Ctrl-C)")
		},
	}
	c.run = func(e *env, args []string) int {
		seconds = 0
		_, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		cl, err := e.prepare("", false)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		// Messages are stored in the local history before they are printed.
		events, stop := e.app().WithHistory(e.ctx, cl).Subscribe()
		defer stop()
		enc := json.NewEncoder(e.stdout)
		// Connection events of the first login are printed too.
		connectErr := make(chan error, 1)
		go func() { connectErr <- cl.Connect(e.ctx) }()
		var deadline <-chan time.Time
		if seconds > 0 {
			deadline = time.After(time.Duration(seconds) * time.Second)
		}
		defer logout(cl)
		for {
			select {
			case err := <-connectErr:
				if err != nil {
					drain(enc, events)
					return printResult(e.stdout, "", nil, err)
				}
				connectErr = nil
			case ev, ok := <-events:
				if !ok {
					return 0
				}
				_ = enc.Encode(eventJSON(ev))
			case <-deadline:
				return 0
			case <-e.ctx.Done():
				return 0
			}
		}
	}
	return c
}

// drain prints the events already queued (e.g. CONNECTIONFAILED).
func drain(enc *json.Encoder, events <-chan xmppclient.Event) {
	for {
		select {
		case ev := <-events:
			_ = enc.Encode(eventJSON(ev))
		default:
			return
		}
	}
}

// eventJSON renders an event in the response shape, with its kind.
func eventJSON(ev xmppclient.Event) event {
	out := event{StatusCode: errtext.OK, Message: "Success"}
	switch e := ev.(type) {
	case xmppclient.ConnectionEvent:
		out = connectionJSON(e)
	case xmppclient.PresenceEvent:
		out.Event = "presence"
		d := map[string]any{"fromUserJid": e.From, "availability": e.Show, "statusText": e.StatusText}
		if e.Unheard {
			d["unheard"] = true // offline inferred after a reconnect
		}
		out.Data = d
	case xmppclient.RosterEvent:
		out.Event = "roster"
		out.Data = map[string]any{"userJid": e.Contact.JID, "name": e.Contact.Name, "subscription": e.Contact.Subscription, "removed": e.Removed}
	case xmppclient.SubscriptionRequestEvent:
		out.Event = "subscriptionRequest"
		out.Data = map[string]any{"fromUserJid": e.From, "nickName": e.Nick}
	case xmppclient.MessageEvent:
		out.Event = "message"
		out.Data = map[string]any{"fromUserJid": e.From, "toUserJid": e.To, "id": e.ID, "body": e.Body,
			"time": e.Time.UTC().Format(time.RFC3339), "direction": direction(e.Outgoing), "archived": e.Archived}
	case xmppclient.MessageStateEvent:
		out.Event = "messageState"
		d := map[string]any{"id": e.ID, "toUserJid": e.Peer, "state": e.State}
		if e.Err != nil {
			d["reason"] = errtext.Message(e.Err)
		}
		out.Data = d
	case xmppclient.BlocklistEvent:
		out.Event = "blocklist"
		out.Data = map[string]any{"userJid": e.JID, "blocked": e.Blocked}
	case xmppclient.ChatStateEvent:
		out.Event = "chatState"
		out.Data = map[string]any{"fromUserJid": e.From, "state": e.State}
	case xmppclient.ProfileEvent:
		out.Event = "profile"
		if e.Cached {
			// Known from the last log-in; the server's news may follow.
			out.Event = "profileCached"
		}
		out.Data = profileJSON(e.Profile)
	case xmppclient.NodeReconfiguredEvent:
		// This profile node had another access model (another client's,
		// or an earlier visibility); Parley gave it the one the setting
		// asks for before publishing.
		out.Event = "profileNodeReconfigured"
		out.Data = map[string]any{"node": e.Node, "accessModel": e.AccessModel}
	case xmppclient.PEPEvent:
		out.Event = "pep"
		out.Data = map[string]any{"fromUserJid": e.From, "node": e.Node, "itemId": e.ItemID, "retracted": e.Retracted}
	}
	return out
}

func direction(outgoing bool) string {
	if outgoing {
		return "out"
	}
	return "in"
}

// connectionJSON is a connection event; a CONNECTIONFAILED carries the
// failure's status code and sentence.
func connectionJSON(e xmppclient.ConnectionEvent) event {
	out := event{StatusCode: errtext.OK, Message: "Success"}
	out.Event = "connection"
	d := map[string]any{"state": e.Status}
	if e.Resumed {
		d["resumed"] = true
	}
	reason := e.Reason
	if e.Err != nil {
		reason = errtext.Message(e.Err)
	}
	if reason != "" {
		d["reason"] = reason
	}
	if !e.RetryAt.IsZero() {
		d["retryInSeconds"] = max(0, int(time.Until(e.RetryAt).Round(time.Second).Seconds()))
	}
	if e.Status == xmppclient.StatusConnectionFailed {
		out.StatusCode, out.Message = errtext.Code(e.Err), reason
	}
	out.Data = d
	return out
}
