package cli

import (
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// contactJSON is one roster entry in the output.
type contactJSON struct {
	JID          string `json:"userJid"`
	Name         string `json:"name,omitempty"`
	Subscription string `json:"subscription"`
	Pending      bool   `json:"pending,omitempty"`
	Availability string `json:"availability"`
	StatusText   string `json:"statusText,omitempty"`
}

// presenceUnknown is the availability a one-shot command reports: without
// going online it is sent no presence.
const presenceUnknown = "unknown"

func contactsCommand() command {
	c := command{
		name:  "contacts",
		usage: "list | add JID | remove JID | accept JID | refuse JID",
		// A one-shot command never goes online (contacts would see it, and
		// it would take the offline messages), so the server sends it no
		// presence: the list says "unknown" and `watch` shows presence.
		summary: "list the contacts (presence shows as unknown: the command does not go online; watch shows it), add or remove one, accept or refuse a subscription request",
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
		out := []contactJSON{}
		for _, ct := range cl.Contacts() {
			out = append(out, contactJSON{JID: ct.JID, Name: ct.Name, Subscription: ct.Subscription, Pending: ct.Pending, Availability: presenceUnknown})
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
