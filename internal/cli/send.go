package cli

import (
	"strings"

	"github.com/parley-im/parley/internal/errtext"
)

func sendCommand() command {
	c := command{
		name:  "send",
		usage: "JID TEXT",
		summary: "send one chat message and wait until the server has taken it (or bounced it); " +
			"it does not go online, and the message is kept in the local history",
	}
	c.run = func(e *env, args []string) int {
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		if len(args) < 2 || strings.TrimSpace(strings.Join(args[1:], " ")) == "" {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Usage: parley send JID TEXT."))
		}
		to, body := args[0], strings.Join(args[1:], " ")
		cl, err := e.session("", false)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		defer logout(cl)
		m, err := e.app().SendOne(e.ctx, cl, to, body)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		return printResult(e.stdout, "Sent to "+m.Peer+"; the server took it.",
			map[string]string{"id": m.ID, "to": m.Peer, "state": string(m.State)}, nil)
	}
	return c
}
