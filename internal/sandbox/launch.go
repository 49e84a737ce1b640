package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// portAttempts bounds the ports tried when the caller let us pick one:
// another process may take a free port before Prosody binds it.
const portAttempts = 3

// launchFirst is launch that, when pickPort, retries on a fresh port if
// the chosen one was taken meanwhile; s.mu is held.
func (s *Server) launchFirst(ctx context.Context, pickPort bool) error {
	for attempt := 1; ; attempt++ {
		err := s.launch(ctx)
		if err == nil || !pickPort || attempt == portAttempts || !errors.Is(err, ErrPortBusy) {
			return err
		}
		port, perr := FreePort()
		if perr != nil {
			return err
		}
		s.Port, s.Addr, s.opts.Port = port, addrOf(port), port
	}
}

// prepare creates the directories and writes the certificate and config.
func (s *Server) prepare() error {
	for _, d := range []string{s.Dir, filepath.Join(s.Dir, dataName), filepath.Join(s.Dir, certsName)} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("create sandbox directory: %w", err)
		}
	}
	if err := ensureCert(s.CAFile, filepath.Join(s.Dir, keyName), s.Domain, time.Now()); err != nil {
		return err
	}
	cfg := renderConfig(s.opts, os.Geteuid(), haveModule)
	if err := writeFileAtomic(s.ConfigFile, []byte(cfg), 0o600); err != nil {
		return fmt.Errorf("write prosody config: %w", err)
	}
	return nil
}

// launch starts Prosody and waits until it serves; a detached server's
// state file is written then. s.mu is held.
func (s *Server) launch(ctx context.Context) error {
	if s.runningLocked() {
		return &DirError{Dir: s.Dir, PID: s.pid, Err: ErrAlreadyRunning}
	}
	bin, err := Find()
	if err != nil {
		return err
	}
	if err := s.prepare(); err != nil {
		return &StepError{Step: StepPrepare, Subject: s.Dir, Err: err}
	}
	if portInUse(s.Port) {
		return &PortError{Port: s.Port}
	}
	logOff := fileSize(s.LogFile)
	outFile := filepath.Join(s.Dir, outName)
	outOff := fileSize(outFile)
	out, err := os.OpenFile(outFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return &StepError{Step: StepOpen, Subject: outFile, Err: err}
	}
	defer out.Close() // the child keeps its own copy

	cmd := exec.Command(bin, "--config", s.ConfigFile, "-F")
	cmd.Dir = s.Dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = procAttr(s.detached)
	if err := cmd.Start(); err != nil {
		return &StepError{Step: StepRun, Subject: bin, Err: err}
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	s.proc, s.pid = p, cmd.Process.Pid

	if err := s.waitReady(ctx, p, logOff); err != nil {
		tail := append(tailLines(outFile, outOff, logTailLines), tailLines(s.LogFile, logOff, logTailLines)...)
		s.stopLocked()
		return &StartError{Addr: s.Addr, LogFile: s.LogFile, Tail: tail, Err: err}
	}
	if s.detached {
		if err := s.writeState(); err != nil {
			s.stopLocked()
			return &StepError{Step: StepRecord, Subject: s.Dir, Err: err}
		}
	}
	return nil
}

// waitReady polls until Prosody serves XMPP on the port, it exits, it
// reports a failed bind, ctx ends or startLimit passes.
func (s *Server) waitReady(ctx context.Context, p *process, logOff int64) error {
	ctx, cancel := context.WithTimeout(ctx, startLimit)
	defer cancel()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	var last error
	for {
		if p.exited() {
			return fmt.Errorf("it exited (%v)", p.err)
		}
		if logContains(s.LogFile, logOff, failedBind) {
			return fmt.Errorf("it could not listen on port %d: %w", s.Port, ErrPortBusy)
		}
		pctx, pcancel := context.WithTimeout(ctx, probeEach)
		_, answered, err := probe(pctx, s.Addr, s.Domain, s.CAFile)
		timedOut := pctx.Err() != nil
		pcancel()
		if err == nil {
			if line := findLine(s.LogFile, logOff, moduleFailed); line != "" {
				return fmt.Errorf("a module failed to load (%s)", line)
			}
			return nil
		}
		if answered && !timedOut {
			// Prosody only answers once fully started: this is final.
			return fmt.Errorf("it does not serve clients correctly: %w", err)
		}
		if ctx.Err() == nil {
			last = err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("it did not serve XMPP in time (%w; last check: %v)", ctx.Err(), last)
		case <-p.done:
		case <-tick.C:
		}
	}
}
