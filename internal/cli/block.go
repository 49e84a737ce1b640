package cli

import (
	"github.com/parley-im/parley/internal/errtext"
)

// blockCommand is `parley block JID` (block) and `parley unblock JID`.
func blockCommand(block bool) command {
	c := command{name: "unblock", usage: "JID", summary: "lift a block: the contact's messages and presence reach you again"}
	if block {
		c = command{name: "block", usage: "JID", summary: "block a user (XEP-0191): the server drops his messages, presence and profile updates to you and shows you offline to him"}
	}
	c.run = func(e *env, args []string) int {
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		if len(args) != 1 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Give exactly one JID: parley %s JID.", c.name))
		}
		cl, err := e.session("", false)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		defer logout(cl)
		if block {
			err = cl.Block(e.ctx, args[0])
		} else {
			err = cl.Unblock(e.ctx, args[0])
		}
		return printResult(e.stdout, "Success", map[string]any{"userJid": args[0], "blocked": block}, err)
	}
	return c
}

func blockedCommand() command {
	c := command{name: "blocked", usage: "", summary: "list the blocked users"}
	c.run = func(e *env, args []string) int {
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		if len(args) != 0 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "parley blocked takes no arguments."))
		}
		cl, err := e.session("", false)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		defer logout(cl)
		list, err := cl.Blocked(e.ctx)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		return printResult(e.stdout, "Success", map[string]any{"blocked": list}, nil)
	}
	return c
}
