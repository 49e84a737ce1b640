package sandbox

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Bounds of the waits around Prosody's life. They are upper bounds: every
// wait polls and returns as soon as the condition holds.
const (
	startLimit   = 30 * time.Second             // until the port serves XMPP
	stopLimit    = 10 * time.Second             // after SIGTERM, before SIGKILL
	killLimit    = 5 * time.Second              // after SIGKILL
	pollInterval = 25 * time.Millisecond        // between readiness checks
	probeEach    = 3 * time.Second              // bound of one readiness probe
	ctlLimit     = 30 * time.Second             // one prosodyctl call
	logTailLines = 12                           // log lines quoted in start errors
	failedBind   = "Failed to open server port" // Prosody's log on a bind error
	shutdownDone = "Shutdown complete"          // Prosody's log once stopped
	moduleFailed = "Unable to load module"      // Prosody's log on a bad module
)

// Server is one sandbox Prosody. Its exported fields are fixed once Start or
// Load returns.
type Server struct {
	Dir        string // the sandbox directory (absolute)
	Domain     string // the VirtualHost, e.g. "localhost"
	Addr       string // "127.0.0.1:PORT", the c2s (STARTTLS) address
	Port       int
	CAFile     string // PEM certificate a client must trust (the server's own)
	ConfigFile string // the generated prosody.cfg.lua
	LogFile    string // Prosody's log

	opts     Options
	detached bool // runs in its own session, recorded in a state file

	mu   sync.Mutex
	proc *process // set while a Prosody started by this value may run
	pid  int      // pid of the Prosody, also for a Server from Load
}

// process is a Prosody child of this process.
type process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once Wait returned
	err  error         // Wait's result, valid after done
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Start writes the sandbox files into opts.Dir and runs Prosody in the
// foreground as a child process in its own process group. It returns once
// the port serves XMPP with the sandbox certificate. The caller must Stop
// the server; Prosody is also signalled if this process dies (Linux).
func Start(ctx context.Context, opts Options) (*Server, error) {
	s, err := newServer(opts)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.launchFirst(ctx, opts.Port == 0); err != nil {
		return nil, err
	}
	return s, nil
}

// newServer checks opts and fixes the port.
func newServer(opts Options) (*Server, error) {
	o, err := opts.normalize()
	if err != nil {
		return nil, &StepError{Step: StepOptions, Err: err}
	}
	if o.Port == 0 {
		if o.Port, err = FreePort(); err != nil {
			return nil, &StepError{Step: StepPort, Err: err}
		}
	}
	return &Server{
		Dir:        o.Dir,
		Domain:     o.Domain,
		Addr:       addrOf(o.Port),
		Port:       o.Port,
		CAFile:     filepath.Join(o.Dir, certName),
		ConfigFile: filepath.Join(o.Dir, configName),
		LogFile:    filepath.Join(o.Dir, logName),
		opts:       o,
	}, nil
}

// Start runs Prosody again with the same directory, port and options, e.g.
// after Stop; accounts and data are kept. A detached server (from
// StartDetached or Load) starts detached again.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.launch(ctx)
}

// Restart stops Prosody and starts it again on the same port and data.
func (s *Server) Restart(ctx context.Context) error {
	if err := s.Stop(); err != nil {
		return err
	}
	return s.Start(ctx)
}

// PID returns the process id of Prosody, 0 if none was started.
func (s *Server) PID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pid
}

// Running reports whether the Prosody of this server is alive.
func (s *Server) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runningLocked()
}

func (s *Server) runningLocked() bool {
	if s.proc != nil {
		return !s.proc.exited()
	}
	return s.pid != 0 && alive(s.pid) && s.ours(s.pid)
}

// ours reports whether pid runs Prosody with this sandbox's config, so a
// recycled pid is never signalled.
func (s *Server) ours(pid int) bool {
	args, ok := cmdline(pid)
	if !ok {
		return true // no way to tell on this system; trust the state file
	}
	return strings.Contains(args, s.ConfigFile)
}

// JID returns user@domain on this server.
func (s *Server) JID(user string) string { return user + "@" + s.Domain }
