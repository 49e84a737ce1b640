package cli

import (
	"strings"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// presenceCommand shows or sets the presence the account's next full
// session announces. It goes online to no one: a one-shot command is
// Quiet and never announces presence, so the choice waits in the
// account for the UI or watch.
func presenceCommand() command {
	c := command{
		name:    "presence",
		usage:   "[set available|away|dnd|xa [TEXT]]",
		summary: "the availability and presence text (what contacts see next to your name) that the next UI or watch session announces; set keeps a new one without going online. Not the profile's status (profile set --status)",
	}
	c.run = func(e *env, args []string) int {
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		if len(args) > 0 && args[0] == "set" {
			if len(args) < 2 {
				return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Give the availability: parley presence set available|away|dnd|xa [TEXT]."))
			}
			show := xmppclient.Show(args[1])
			if args[1] == "available" {
				show = xmppclient.ShowOnline
			}
			if _, err := e.app().KeepPresence("", show, strings.Join(args[2:], " ")); err != nil {
				return printResult(e.stdout, "", nil, err)
			}
		} else if len(args) > 0 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Unknown argument %q: parley presence [set available|away|dnd|xa [TEXT]].", args[0]))
		}
		jid, show, text, err := e.app().KeptPresence("")
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		return printResult(e.stdout, "Announced by the next full session (the UI, watch).",
			map[string]string{"userJid": jid, "show": string(show), "statusText": text}, nil)
	}
	return c
}
