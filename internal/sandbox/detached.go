package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/parley-im/parley/internal/xdg"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// state is the JSON file a detached sandbox leaves in its directory.
type state struct {
	PID        int       `json:"pid"`
	Port       int       `json:"port"`
	Domain     string    `json:"domain"`
	Addr       string    `json:"addr"`
	CAFile     string    `json:"ca_file"`
	ConfigFile string    `json:"config_file"`
	LogFile    string    `json:"log_file"`
	Started    time.Time `json:"started"`
	Options    Options   `json:"options"` // to start it again alike
}

// DefaultDir returns the CLI's sandbox directory:
// $XDG_DATA_HOME/parley/sandbox, or ~/.local/share/parley/sandbox.
func DefaultDir() (string, error) {
	base, err := xdg.Data()
	if err != nil {
		return "", fmt.Errorf("find the sandbox directory: %w", err)
	}
	return filepath.Join(base, "sandbox"), nil
}

// StartDetached starts Prosody in its own session so it outlives the
// caller, records it in a state file in opts.Dir, and returns once it
// serves XMPP. If a sandbox already runs in opts.Dir it is returned as is
// (its port and domain win over opts).
func StartDetached(ctx context.Context, opts Options) (*Server, error) {
	o, err := opts.normalize()
	if err != nil {
		return nil, &StepError{Step: StepOptions, Err: err}
	}
	// A damaged state file is overwritten: should a Prosody still run
	// there, the port check of launch reports it.
	if running, srv, err := StatusDir(o.Dir); err == nil && running {
		return srv, nil
	}
	s, err := newServer(o)
	if err != nil {
		return nil, err
	}
	s.detached = true
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.launchFirst(ctx, o.Port == 0); err != nil {
		return nil, err
	}
	return s, nil
}

// writeState records the running server in its directory.
func (s *Server) writeState() error {
	st := state{
		PID: s.pid, Port: s.Port, Domain: s.Domain, Addr: s.Addr, CAFile: s.CAFile,
		ConfigFile: s.ConfigFile, LogFile: s.LogFile, Started: time.Now().UTC(), Options: s.opts,
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(s.Dir, stateName), append(data, '\n'), 0o600)
}

// Load returns the sandbox recorded in dir's state file, whether or not it
// still runs (see Running). Without a state file the error wraps
// ErrNotRunning.
func Load(dir string) (*Server, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("sandbox directory %q: %w", dir, err)
	}
	data, err := os.ReadFile(filepath.Join(abs, stateName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &DirError{Dir: abs, Err: ErrNotRunning}
	}
	if err != nil {
		return nil, &StepError{Step: StepReadState, Err: err}
	}
	var st state
	if err := json.Unmarshal(data, &st); err != nil || st.PID <= 0 || st.Port <= 0 {
		return nil, &DirError{Dir: abs, Err: ErrStateDamaged}
	}
	st.Options.Dir, st.Options.Port, st.Options.Domain = abs, st.Port, st.Domain
	return &Server{
		Dir: abs, Domain: st.Domain, Addr: st.Addr, Port: st.Port, CAFile: st.CAFile,
		ConfigFile: st.ConfigFile, LogFile: st.LogFile, pid: st.PID,
		opts: st.Options, detached: true,
	}, nil
}

// StatusDir reports whether the sandbox recorded in dir runs. srv is nil
// when dir records none; it is set (not running) when the state is stale.
func StatusDir(dir string) (running bool, srv *Server, err error) {
	srv, err = Load(dir)
	if errors.Is(err, ErrNotRunning) {
		return false, nil, nil
	}
	if err != nil {
		return false, nil, err
	}
	return srv.Running(), srv, nil
}

// StopDir stops the sandbox recorded in dir and removes its state file.
// When none runs the error wraps ErrNotRunning (a stale state file is
// removed first).
func StopDir(dir string) error {
	srv, err := Load(dir)
	if err != nil {
		return err
	}
	if !srv.Running() {
		srv.removeState()
		return &DirError{Dir: srv.Dir, Err: ErrNotRunning}
	}
	return srv.Stop()
}

// removeState deletes the state file if it records this server's process.
func (s *Server) removeState() {
	name := filepath.Join(s.Dir, stateName)
	data, err := os.ReadFile(name)
	if err != nil {
		return
	}
	var st state
	if json.Unmarshal(data, &st) == nil && st.PID != s.pid && st.PID != 0 && s.pid != 0 {
		return // another sandbox's record
	}
	os.Remove(name)
}
