package cli

import (
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// contactJSON is one roster entry in the output.
type contactJSON struct {
	JID          string `json:"userJid"`
	Name         string `json:"name,omitempty"`
	Subscription string `json:"subscription"`
	Pending      bool   `json:"pending,omitempty"`
	Status       string `json:"status"`
	StatusText   string `json:"statusText,omitempty"`
}

func contactsCommand() command {
	c := command{
		name:    "contacts",
		usage:   "list | add JID | remove JID | accept JID | refuse JID",
		summary: "list the contacts with their presence, add or remove one, accept or refuse a subscription request",
	}
	c.run = func(e *env, args []string) int {
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		if len(args) == 0 {
			args = []string{"list"}
		}
		verb := args[0]
		needJID := verb != "list"
		if needJID && len(args) != 2 || !needJID && len(args) != 1 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Usage: parley contacts list | add JID | remove JID | accept JID | refuse JID."))
		}
		switch verb {
		case "list", "add", "remove", "accept", "refuse":
		default:
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Unknown contacts action %q; use list, add, remove, accept or refuse.", verb))
		}
		cl, err := e.session("", false)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		defer logout(cl)
		return e.contacts(cl, verb, args[1:])
	}
	return c
}

// contacts runs one contacts action on a connected client.
func (e *env) contacts(cl *xmppclient.Client, verb string, args []string) int {
	var err error
	switch verb {
	case "list":
		waitForPresence(cl)
		out := []contactJSON{}
		for _, ct := range cl.Contacts() {
			out = append(out, contactJSON{JID: ct.JID, Name: ct.Name, Subscription: ct.Subscription, Pending: ct.Pending, Status: string(ct.Show), StatusText: ct.StatusText})
		}
		return printResult(e.stdout, "Success", map[string]any{"contacts": out, "requests": cl.PendingRequests()}, nil)
	case "add":
		err = cl.AddContact(e.ctx, args[0], "")
	case "remove":
		err = cl.RemoveContact(e.ctx, args[0])
	case "accept":
		err = cl.AcceptSubscription(e.ctx, args[0])
	case "refuse":
		err = cl.RefuseSubscription(e.ctx, args[0])
	}
	return printResult(e.stdout, "Success", map[string]string{"userJid": args[0]}, err)
}

// waitForPresence lets the presence the server sends after login arrive:
// it returns after 300 ms without a presence event, or after 2 s at most.
// A one-shot command has no better signal that the flood is over.
func waitForPresence(cl *xmppclient.Client) {
	events, stop := cl.Subscribe()
	defer stop()
	quiet := time.NewTimer(300 * time.Millisecond)
	defer quiet.Stop()
	deadline := time.After(2 * time.Second)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return
			}
			if _, isPresence := ev.(xmppclient.PresenceEvent); isPresence {
				quiet.Reset(300 * time.Millisecond)
			}
		case <-quiet.C:
			return
		case <-deadline:
			return
		}
	}
}
