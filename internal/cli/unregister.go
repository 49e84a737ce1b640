package cli

import (
	"errors"
	"flag"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/keystore"
)

func unregisterCommand() command {
	var yes bool
	c := command{
		name:    "unregister",
		usage:   "--yes",
		summary: "delete the account on the server (XEP-0077), for good; its saved account, password and message history on this machine go too",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&yes, "yes", false, "really delete the account: it cannot be undone")
		},
	}
	c.run = func(e *env, args []string) int {
		yes = false
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		if len(args) != 0 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "parley unregister takes no arguments; choose the account with --account JID."))
		}
		acct, _, err := e.app().Choose("")
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		if !yes {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "This deletes %s on the server for good, with its contacts and messages there. Add --yes to do it.", acct.JID))
		}
		cl, err := e.session(acct.JID, false)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		if err := cl.Unregister(e.ctx); err != nil {
			logout(cl)
			return printResult(e.stdout, "", nil, err)
		}
		msg := "Deleted " + acct.JID + " on the server; its account, password and message history were removed from this machine."
		err = e.app().ForgetAccount(acct.JID)
		if errors.Is(err, keystore.ErrNoAccount) {
			// Never saved (a --password-stdin log-in): a history may still be there.
			err = history.Remove(acct.JID)
		}
		if err != nil {
			msg = "Deleted " + acct.JID + " on the server, but not everything of it on this machine: " + errtext.Message(err)
			return printResult(e.stdout, "", nil, errtext.Wrap(errtext.Code(err), err, "%s", msg))
		}
		return printResult(e.stdout, msg, map[string]string{"userJid": acct.JID}, nil)
	}
	return c
}
