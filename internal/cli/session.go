package cli

import (
	"context"
	"flag"
	"time"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
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
		req, err := e.loginRequest(given, false)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		req.Remember = true
		cl, note, err := e.app().ConnectAndSave(e.ctx, req)
		if err != nil {
			return printResult(e.stdout, "", nil, e.withHint(err, given))
		}
		full := cl.CurrentJID()
		logout(cl)
		msg := "Connected as " + full + "."
		if note != "" {
			msg += " " + note
		}
		return printResult(e.stdout, msg, map[string]string{"userJid": full}, nil)
	}
	return c
}

func whoamiCommand() command {
	c := command{name: "whoami", usage: "", summary: "log in and print the full JID the server bound (getCurrentUserJid)"}
	c.run = func(e *env, args []string) int {
		_, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		cl, err := e.session("", false)
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
		summary: "end the account's session (unavailable presence, close the stream); --forget also removes the account, its password and its message history from this machine",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&forget, "forget", false, "remove the saved account, its password and its message history")
		},
	}
	c.run = func(e *env, args []string) int {
		forget = false
		_, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		acct, _, err := e.app().Choose("")
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		msg := "Logged out " + acct.JID + "."
		if cl, err := e.session(acct.JID, false); err == nil {
			logout(cl)
		} else if !forget {
			return printResult(e.stdout, "", nil, err)
		}
		if forget {
			if err := e.app().ForgetAccount(acct.JID); err != nil {
				return printResult(e.stdout, "", nil, err)
			}
			msg += " The account, its password and its message history were removed from this machine."
		}
		return printResult(e.stdout, msg, nil, nil)
	}
	return c
}

func lastseenCommand() command {
	c := command{name: "lastseen", usage: "JID", summary: "how long ago a contact last logged out, as the server counts it (\"source\":\"server\", also for a contact online now: the command does not go online, so it sees no presence; watch and the UI say 0 for an online contact)"}
	c.run = func(e *env, args []string) int {
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		if len(args) != 1 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Give exactly one JID: parley lastseen JID."))
		}
		cl, err := e.session("", false)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		defer logout(cl)
		la, err := cl.LastSeen(e.ctx, args[0])
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		msg := "Online now: seen in this session's presence."
		if la.Source == "server" {
			msg = "Seconds since the contact's last log-out, as the server counts it; this command goes online to no one, so it sees no presence."
		}
		return printResult(e.stdout, msg, la, nil)
	}
	return c
}

// logout ends a command's session, bounded so that a dead server cannot
// hang the exit.
func logout(s app.Session) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = s.Logout(ctx)
}
