package cli

import (
	"context"
	"flag"
	"fmt"
	"net"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/demo"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/internal/sshserve"
)

// sshShutdownWait bounds waiting for SSH sessions to end on the way out.
const sshShutdownWait = 5 * time.Second

type serveSSHData struct {
	Addr        string `json:"addr"`
	Demo        bool   `json:"demo"`
	HostKeyPath string `json:"hostKeyPath"`
	Keys        int    `json:"authorizedKeys"`
}

func serveSSHCommand() command {
	var (
		listen, keysFile string
		demoMode         bool
		pace             time.Duration
		port             int
	)
	c := command{
		name:    "serve-ssh",
		usage:   "[--listen 127.0.0.1:2222] --authorized-keys FILE | --demo [--pace 4s]",
		summary: "serve the terminal UI over SSH: one UI and XMPP session per SSH session, public-key login (--demo: anyone, sandbox trial accounts only)",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&listen, "listen", "127.0.0.1:2222", "listen on `HOST:PORT`")
			fs.StringVar(&keysFile, "authorized-keys", "", "let in the public keys of this authorized_keys `FILE`")
			fs.BoolVar(&demoMode, "demo", false, "let any key in, each session with a fresh sandbox trial account and the demo friends")
			fs.DurationVar(&pace, "pace", demo.DefaultPace, "--demo: time between two actions of the demo friends")
			fs.IntVar(&port, "port", sandbox.DefaultPort, "--demo: the sandbox's c2s `PORT`, if it has to be started")
		},
	}
	c.run = func(e *env, args []string) int {
		listen, keysFile, demoMode, pace, port = "127.0.0.1:2222", "", false, demo.DefaultPace, sandbox.DefaultPort
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		if len(args) != 0 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "parley serve-ssh takes no arguments, only flags."))
		}
		if keysFile == "" && !demoMode {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Refusing to serve without public-key authentication: give --authorized-keys FILE, or --demo to let anyone try the sandbox."))
		}
		if pace <= 0 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "--pace must be positive, such as 4s."))
		}
		return e.serveSSH(listen, keysFile, demoMode, demoFlags{pace: pace, port: port})
	}
	return c
}

func (e *env) serveSSH(listen, keysFile string, demoMode bool, f demoFlags) int {
	var keys []gossh.PublicKey
	if keysFile != "" {
		var err error
		if keys, err = sshserve.ReadAuthorizedKeys(keysFile); err != nil {
			return printResult(e.stdout, "", nil, err)
		}
	}
	opts := sshserve.Options{AuthorizedKeys: keys, Logger: e.log}
	if demoMode {
		dir, srv, err := e.demoSandbox(f)
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		d, err := app.SeedDemo(e.ctx, srv, demo.Options{Logger: e.log})
		if err != nil {
			return printResult(e.stdout, "", nil, err)
		}
		botsCtx, stopBots := context.WithCancel(e.ctx)
		botsDone := make(chan struct{})
		go func() { defer close(botsDone); d.Run(botsCtx, f.pace) }()
		defer func() { stopBots(); <-botsDone }()
		opts.Demo, opts.SandboxDir = d, dir
	}
	server, err := sshserve.New(opts)
	if err != nil {
		return printResult(e.stdout, "", nil, err)
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return printResult(e.stdout, "", nil, errtext.Wrap(errtext.BadRequest, err, "Cannot listen on %s: %v.", listen, err))
	}
	hostKey, _ := sshserve.DefaultHostKeyPath()
	addr := ln.Addr().String()
	printResult(e.stdout, "Serving Parley over SSH on "+addr+"; stop with Ctrl-C.",
		serveSSHData{Addr: addr, Demo: demoMode, HostKeyPath: hostKey, Keys: len(keys)}, nil)

	served := make(chan error, 1)
	go func() { served <- server.Serve(ln) }()
	select {
	case err = <-served:
	case <-e.ctx.Done():
		ctx, cancel := context.WithTimeout(context.Background(), sshShutdownWait)
		_ = server.Shutdown(ctx)
		cancel()
		err = <-served
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "parley serve-ssh: %v\n", err)
		return 1
	}
	return 0
}
