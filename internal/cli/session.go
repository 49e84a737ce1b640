package cli

import (
	"context"
	"flag"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

func connectCommand() command {
	c := command{
		name:    "connect",
		usage:   "[JID] [--password-stdin]",
		summary: "log in, check the session works, and remember the account (password in the keyring)",
	}
	c.run = func(e *env, args []string) int {
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		if len(args) > 1 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Give at most one JID."))
		}
		given := ""
		if len(args) == 1 {
			given = args[0]
		}
		acct, err := e.chooseAccount(given)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		cfg, err := e.clientConfig(acct)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		if cfg.Password, err = e.password(acct, false); err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		cl := xmppclient.New(cfg)
		if err := cl.Connect(e.ctx); err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		full := cl.CurrentJID()
		logout(cl)
		acct.Server, acct.CAFile = firstNonEmpty(e.g.server, acct.Server), firstNonEmpty(e.g.ca, acct.CAFile)
		acct.Sandbox = acct.Sandbox || e.g.sandbox
		note, _ := e.saveCredentials(acct, cfg.Password)
		return printResult(e.stdout, "Connected as "+full+". "+note, map[string]string{"userJid": full}, nil)
	}
	return c
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func whoamiCommand() command {
	c := command{name: "whoami", usage: "", summary: "log in and print the full JID the server bound (getCurrentUserJid)"}
	c.run = func(e *env, args []string) int {
		_, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		cl, _, err := e.session("", false)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		defer logout(cl)
		return printResult(e.stdout, "Success", map[string]string{"userJid": cl.CurrentJID()}, nil)
	}
	return c
}

func logoutCommand() command {
	var forget bool
	c := command{
		name:    "logout",
		usage:   "[--forget]",
		summary: "end the account's session (unavailable presence, close the stream); --forget also removes the account and its password from this machine",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&forget, "forget", false, "remove the saved account and its password")
		},
	}
	c.run = func(e *env, args []string) int {
		forget = false
		_, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		acct, err := e.chooseAccount("")
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		msg := "Logged out " + acct.JID + "."
		if cl, _, err := e.session(acct.JID, false); err == nil {
			logout(cl)
		} else if !forget {
			return printResult(e.stdout, "", nil, err)
		}
		if forget {
			if err := e.store.RemoveAccount(acct.JID); err != nil {
				return printResult(e.stdout, "", nil, errtext.Wrap(errtext.Internal, err, "Could not forget %s: %v.", acct.JID, err))
			}
			msg += " The account and its password were removed from this machine."
		}
		return printResult(e.stdout, msg, nil, nil)
	}
	return c
}

func lastseenCommand() command {
	c := command{name: "lastseen", usage: "JID", summary: "how long ago a contact was last online (0 while online)"}
	c.run = func(e *env, args []string) int {
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		if len(args) != 1 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Give exactly one JID: parley lastseen JID."))
		}
		cl, _, err := e.session("", false)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		defer logout(cl)
		la, err := cl.LastSeen(e.ctx, args[0])
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		return printResult(e.stdout, "Success", la, nil)
	}
	return c
}

// logout ends a command's session, bounded so that a dead server cannot
// hang the exit.
func logout(cl interface{ Logout(context.Context) error }) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = cl.Logout(ctx)
}
