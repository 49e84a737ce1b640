package sshserve

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/activeterm"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/demo"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/ui"
)

// setupTimeout bounds making a demo session's trial account.
const setupTimeout = 60 * time.Second

// Options configure New.
type Options struct {
	// AuthorizedKeys lists the keys let in. Required unless Demo is set;
	// with Demo, any key is let in.
	AuthorizedKeys []gossh.PublicKey
	// Demo, when set, turns on demo mode: every session gets a fresh
	// trial account on the demo's sandbox, befriended with its friends,
	// and can reach nothing else.
	Demo *demo.Demo
	// SandboxDir is the sandbox's state directory ("" for the default).
	SandboxDir string
	// HostKeyPath is the host key, made on first start. Default
	// DefaultHostKeyPath().
	HostKeyPath string
	// KeysDir holds a configuration directory per client key. Default
	// DefaultKeysDir().
	KeysDir string
	Logger  *slog.Logger // nil: discard
}

// Server serves the UI over SSH.
type Server struct {
	opts   Options
	ssh    *ssh.Server
	stores stores

	mu     sync.Mutex
	ln     net.Listener
	closed bool
}

// New checks opts and makes the server (and the host key, if missing).
func New(opts Options) (*Server, error) {
	if len(opts.AuthorizedKeys) == 0 && opts.Demo == nil {
		return nil, errtext.New(errtext.BadRequest, "No authorized keys: give --authorized-keys FILE, or --demo to let anyone try the sandbox.")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	var err error
	if opts.HostKeyPath == "" {
		if opts.HostKeyPath, err = DefaultHostKeyPath(); err != nil {
			return nil, errtext.Wrap(errtext.Internal, err, "Cannot place the host key: %v.", err)
		}
	}
	if opts.KeysDir == "" {
		if opts.KeysDir, err = DefaultKeysDir(); err != nil {
			return nil, errtext.Wrap(errtext.Internal, err, "Cannot place the per-key settings: %v.", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(opts.HostKeyPath), 0o700); err != nil {
		return nil, errtext.Wrap(errtext.Internal, err, "Cannot create the host key's directory: %v.", err)
	}
	s := &Server{opts: opts, stores: stores{dir: opts.KeysDir}}
	s.ssh, err = wish.NewServer(
		wish.WithHostKeyPath(opts.HostKeyPath),
		wish.WithPublicKeyAuth(s.allowed),
		// Run in reverse: activeterm checks for a terminal, wish's Bubble
		// Tea middleware runs the UI (and sends it the window changes),
		// then finish logs out what the UI left.
		wish.WithMiddleware(s.finish, bubbletea.MiddlewareWithProgramHandler(s.program), activeterm.Middleware()),
	)
	if err != nil {
		return nil, errtext.Wrap(errtext.Internal, err, "Cannot set up the SSH server: %v.", err)
	}
	return s, nil
}

// allowed is the public-key check.
func (s *Server) allowed(_ ssh.Context, key ssh.PublicKey) bool {
	if s.opts.Demo != nil {
		return true
	}
	for _, k := range s.opts.AuthorizedKeys {
		if ssh.KeysEqual(k, key) {
			return true
		}
	}
	return false
}

// Serve accepts connections on ln until Shutdown or Close, and then
// returns nil.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ln.Close()
		return nil
	}
	s.ln = ln
	s.mu.Unlock()
	err := s.ssh.Serve(ln)
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed || errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting and waits for the sessions to end, until ctx
// ends; then Close ends them.
func (s *Server) Shutdown(ctx context.Context) error {
	s.markClosed()
	if err := s.ssh.Shutdown(ctx); err != nil {
		return s.Close()
	}
	return nil
}

// Close closes the listener and every connection at once.
func (s *Server) Close() error {
	ln := s.markClosed()
	err := s.ssh.Close()
	if ln != nil {
		ln.Close() // in case Serve had not handed it to the SSH server yet
	}
	return err
}

func (s *Server) markClosed() net.Listener {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return s.ln
}

// programKey is where program leaves the session's UI for finish.
type programKey struct{}

// program makes the UI for one SSH session (activeterm has checked that it
// has a terminal); nil ends the session with the error shown.
func (s *Server) program(sess ssh.Session) *tea.Program {
	p, err := s.newProgram(sess)
	if err != nil {
		s.opts.Logger.Warn("ssh session", "user", sess.User(), "err", err)
		wish.Errorln(sess, "parley: "+errtext.Message(err))
		_ = sess.Exit(1)
		return nil
	}
	sess.Context().SetValue(programKey{}, p)
	return p.Tea()
}

// finish runs after the session's UI has ended: it logs out of the
// sessions the UI made and ends the SSH session.
func (s *Server) finish(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if p, ok := sess.Context().Value(programKey{}).(*ui.Program); ok {
			p.Finish()
			_ = sess.Exit(0)
		}
		next(sess)
	}
}

func (s *Server) newProgram(sess ssh.Session) (*ui.Program, error) {
	pty, _, _ := sess.Pty()
	store, err := s.stores.get(sess.PublicKey())
	if err != nil {
		return nil, err
	}
	backend := app.NewVisitor(app.Options{Store: store, SandboxDir: s.opts.SandboxDir, Logger: s.opts.Logger}, s.opts.Demo != nil)
	account := ""
	if d := s.opts.Demo; d != nil {
		wish.Println(sess, "Setting up your trial account and its demo friends…")
		ctx, cancel := context.WithTimeout(sess.Context(), setupTimeout)
		account, err = backend.AddTrialAccount(ctx, d)
		cancel()
		if err != nil {
			return nil, err
		}
	}
	environ := append(sess.Environ(), "TERM="+pty.Term)
	// The middleware quits the program when the session ends, and Finish
	// then cancels what the UI still has under way; a context that ended
	// the program itself would make the middleware log every hang-up as
	// an error ("program was killed").
	p, err := ui.New(context.WithoutCancel(sess.Context()), ui.Options{
		Account: account,
		Backend: backend,
		Environ: environ,
		Width:   pty.Window.Width,
		Height:  pty.Window.Height,
		// The session's input and output (or its allocated terminal), as
		// the middleware wants them; the session is not a local terminal,
		// so the colour profile comes from the client's TERM and COLORTERM.
		ProgramOptions: append(bubbletea.MakeOptions(sess), tea.WithColorProfile(colorprofile.Env(environ))),
	})
	if err != nil {
		return nil, fmt.Errorf("cannot start the UI: %w", err)
	}
	return p, nil
}
