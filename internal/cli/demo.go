package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/demo"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/ui"
)

// demoCheckWait bounds waiting for a demo friend's presence in --check,
// on top of one pace.
const demoCheckWait = 30 * time.Second

// demoFlags are the flags of `parley demo`.
type demoFlags struct {
	pace         time.Duration
	reset, check bool
	port         int
}

// demoCheckData is what `parley demo --check` prints.
type demoCheckData struct {
	Sandbox   sandboxData          `json:"sandbox"`
	Presenter demo.Presenter       `json:"presenter"`
	Friends   []demo.FriendInfo    `json:"friends"`
	Profile   demo.CheckedProfile  `json:"profile"`
	Presence  demo.CheckedPresence `json:"presence"`
}

func demoCommand() command {
	var f demoFlags
	c := command{
		name:    "demo",
		usage:   "[--pace 4s] [--reset] [--check] [--port N]",
		summary: "start the sandbox with live demo friends and open the UI as a fresh trial account (--check: set up, verify and print JSON instead)",
		flags: func(fs *flag.FlagSet) {
			fs.DurationVar(&f.pace, "pace", demo.DefaultPace, "time between two actions of the demo friends")
			fs.BoolVar(&f.reset, "reset", false, "stop the sandbox and wipe its data first (new demo friends)")
			fs.BoolVar(&f.check, "check", false, "do not open the UI: check a friend's profile and presence, print JSON and exit")
			fs.IntVar(&f.port, "port", sandbox.DefaultPort, "the sandbox's c2s `PORT` on 127.0.0.1, if it has to be started")
		},
	}
	c.run = func(e *env, args []string) int {
		f = demoFlags{pace: demo.DefaultPace, port: sandbox.DefaultPort}
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		if len(args) != 0 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "parley demo takes no arguments, only flags."))
		}
		if f.pace <= 0 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "--pace must be positive, such as 4s."))
		}
		return e.demo(f)
	}
	return c
}

// demo sets up the sandbox and its friends, runs the friends, and either
// checks the set-up (--check) or opens the UI.
func (e *env) demo(f demoFlags) int {
	dir, srv, err := e.demoSandbox(f)
	if err != nil {
		return printResult(e.stdout, "", nil, err)
	}
	if !f.check {
		fmt.Fprintf(e.stderr, "Sandbox at %s; setting up the demo friends…\n", srv.Addr)
	}
	d, err := app.SeedDemo(e.ctx, srv, demo.Options{Logger: e.log})
	if err != nil {
		return printResult(e.stdout, "", nil, err)
	}
	p, cl, err := d.NewPresenter(e.ctx)
	if err != nil {
		d.Close()
		return printResult(e.stdout, "", nil, err)
	}
	events, unsubscribe := cl.Subscribe()
	runCtx, stopBots := context.WithCancel(e.ctx)
	botsDone := make(chan struct{})
	go func() { defer close(botsDone); d.Run(runCtx, f.pace) }()
	// On the way out: the friends log out (Run ends with Close).
	defer func() { stopBots(); <-botsDone }()

	if f.check {
		defer logout(cl)
		defer unsubscribe()
		data := demoCheckData{Sandbox: sandboxInfo(dir, srv), Presenter: p, Friends: d.Friends()}
		if data.Profile, err = d.CheckProfile(e.ctx, cl); err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		ctx, cancel := context.WithTimeout(e.ctx, f.pace+demoCheckWait)
		defer cancel()
		if data.Presence, err = d.WaitPresence(ctx, events); err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		return printResult(e.stdout, fmt.Sprintf("The demo works: %d friends, %s reads their profiles and sees their presence.", len(data.Friends), p.JID), data, nil)
	}

	unsubscribe()
	logout(cl) // the UI logs in on its own
	store, err := d.OpenStore(p)
	if err != nil {
		return printResult(e.stdout, "", nil, errtext.Wrap(errtext.Internal, err, "Cannot keep the trial account for the UI: %v.", err))
	}
	a := app.New(app.Options{Store: store, SandboxDir: dir, Logger: e.log, DebugXML: e.debugXML})
	var kept atomic.Bool
	err = ui.Run(e.ctx, ui.Options{Account: p.JID, Backend: a, Trial: demoTrial(e.app(), p, &kept), Avatars: e.g.avatars})
	if !kept.Load() {
		// A throwaway account leaves no chats behind either.
		if herr := history.Remove(p.JID); herr != nil {
			fmt.Fprintf(e.stderr, "parley: the trial account's message history could not be removed: %v\n", herr)
		}
	}
	fmt.Fprint(e.stderr, demoGoodbye(p, kept.Load(), srv.Addr))
	if err != nil {
		fmt.Fprintf(e.stderr, "parley: %v\n", err)
		return 1
	}
	return 0
}

// demoSandbox starts the sandbox in the default directory (or reuses the
// running one), after wiping it with --reset.
func (e *env) demoSandbox(f demoFlags) (string, *sandbox.Server, error) {
	dir, err := sandbox.DefaultDir()
	if err != nil {
		return "", nil, errtext.Wrap(errtext.Internal, err, "Cannot find the sandbox directory: %v.", err)
	}
	if f.reset {
		if err := sandbox.StopDir(dir); err != nil && !errors.Is(err, sandbox.ErrNotRunning) {
			return "", nil, errtext.Wrap(errtext.Internal, err, "Could not stop the sandbox: %v.", err)
		}
		if err := os.RemoveAll(dir); err != nil {
			return "", nil, errtext.Wrap(errtext.Internal, err, "Could not wipe the sandbox directory %s: %v.", dir, err)
		}
	}
	srv, err := sandbox.StartDetached(e.ctx, sandbox.Options{Dir: dir, Port: f.port})
	if errors.Is(err, sandbox.ErrProsodyMissing) {
		return "", nil, errtext.Wrap(errtext.Unavailable, err, "Prosody is not installed; install it with 'sudo apt-get install prosody' and run this again.")
	}
	if err != nil {
		return "", nil, errtext.Wrap(errtext.Unavailable, err, "The sandbox did not start: %v", err)
	}
	return dir, srv, nil
}
