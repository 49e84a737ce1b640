package cli

import (
	"errors"
	"flag"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/sandbox"
)

type sandboxData struct {
	Running bool   `json:"running"`
	Addr    string `json:"addr,omitempty"`
	Domain  string `json:"domain,omitempty"`
	CAFile  string `json:"caFile,omitempty"`
	Dir     string `json:"dir"`
	PID     int    `json:"pid,omitempty"`
}

func sandboxCommand() command {
	var port int
	c := command{
		name:    "sandbox",
		usage:   "start [--port N] | stop | status",
		summary: "run a throwaway Prosody on 127.0.0.1 (default port 15222) with open registration, for trials and demos",
		flags: func(fs *flag.FlagSet) {
			fs.IntVar(&port, "port", sandbox.DefaultPort, "start: the c2s `PORT` on 127.0.0.1")
		},
	}
	c.run = func(e *env, args []string) int {
		port = sandbox.DefaultPort
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		if len(args) != 1 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Usage: parley sandbox start | stop | status."))
		}
		dir, err := sandbox.DefaultDir()
		if err != nil {
			return printResult(e.stdout, "", nil, errtext.Wrap(errtext.Internal, err, "Cannot find the sandbox directory: %v.", err))
		}
		switch args[0] {
		case "start":
			srv, err := sandbox.StartDetached(e.ctx, sandbox.Options{Dir: dir, Port: port})
			if errors.Is(err, sandbox.ErrProsodyMissing) {
				return printResult(e.stdout, "", nil, errtext.Wrap(errtext.Unavailable, err, "Prosody is not installed; install it with 'sudo apt-get install prosody' and run this again."))
			}
			if err != nil {
				return printResult(e.stdout, "", nil, errtext.Wrap(errtext.Unavailable, err, "The sandbox did not start: %v", err))
			}
			return printResult(e.stdout, "The sandbox runs at "+srv.Addr+" for the domain "+srv.Domain+".", sandboxInfo(dir, srv), nil)
		case "stop":
			if err := sandbox.StopDir(dir); err != nil && !errors.Is(err, sandbox.ErrNotRunning) {
				return printResult(e.stdout, "", nil, errtext.Wrap(errtext.Internal, err, "Could not stop the sandbox: %v.", err))
			}
			return printResult(e.stdout, "The sandbox is stopped.", sandboxData{Dir: dir}, nil)
		case "status":
			running, srv, err := sandbox.StatusDir(dir)
			if err != nil && !errors.Is(err, sandbox.ErrNotRunning) {
				return printResult(e.stdout, "", nil, errtext.Wrap(errtext.Internal, err, "Cannot read the sandbox state: %v.", err))
			}
			if !running {
				return printResult(e.stdout, "The sandbox is not running.", sandboxData{Dir: dir}, nil)
			}
			return printResult(e.stdout, "The sandbox runs at "+srv.Addr+".", sandboxInfo(dir, srv), nil)
		}
		return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Unknown sandbox action %q; use start, stop or status.", args[0]))
	}
	return c
}

func sandboxInfo(dir string, srv *sandbox.Server) sandboxData {
	return sandboxData{Running: true, Addr: srv.Addr, Domain: srv.Domain, CAFile: srv.CAFile, Dir: dir, PID: srv.PID()}
}
