package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Options configure Run.
type Options struct {
	// Account logs straight in with this saved account (--account JID),
	// skipping the welcome screen.
	Account string
	// Backend reaches the accounts store and the servers. Required.
	Backend Backend
	// DefaultServer (--server HOST:PORT) prefills the Server field of the
	// log-in form and of the registration form's real-server option.
	DefaultServer string
	// Input and Output are the terminal; nil means stdin and stdout.
	Input  io.Reader
	Output io.Writer
	// Environ is the terminal's environment (TERM, COLORTERM, NO_COLOR…);
	// nil means os.Environ().
	Environ []string
	// Width and Height are the initial size, for terminals that cannot be
	// asked (an SSH session); 0 asks the terminal.
	Width, Height int
	// ProgramOptions are added to the program's options, e.g. a colour
	// profile for an SSH session whose output is not a terminal.
	ProgramOptions []tea.ProgramOption
	// Trial is set when Account is a throwaway trial account (the demo).
	Trial *Trial
	// Avatars forces an avatar renderer (--avatars); "" reads
	// PARLEY_AVATARS, and auto asks the terminal.
	Avatars AvatarRenderer
	// FrameTimes, when set, gets a summary of how long each message's
	// Update and View took, once the program has ended (frametimes.go).
	FrameTimes io.Writer
}

// logoutTimeout bounds the log-out done when the UI quits.
const logoutTimeout = 5 * time.Second

// Program is one run of the UI: the Bubble Tea program, and what has to
// happen after it ends (the log-out). Run uses it for a local terminal;
// serve-ssh hands Tea() to wish's Bubble Tea middleware, which runs it and
// sends it the client's window changes, and calls Finish afterwards.
type Program struct {
	ctx     context.Context
	opts    Options
	m       *Model
	tea     *tea.Program
	started *startedLogin
	frames  *frameClock // nil unless opts.FrameTimes
}

// New makes the program for opts. A log-in for opts.Account starts at
// once: it needs no terminal, so it overlaps the program's start.
func New(ctx context.Context, opts Options) (*Program, error) {
	if opts.Backend == nil {
		return nil, errors.New("ui: no backend")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	m := NewModel(ctx, opts)
	var root tea.Model = m
	p := &Program{ctx: ctx, opts: opts, m: m}
	if opts.FrameTimes != nil {
		p.frames = &frameClock{}
		root = timedModel{Model: m, clock: p.frames}
	}
	p.tea = tea.NewProgram(root, programOptions(ctx, opts)...)
	m.pump.setSend(p.tea.Send)
	if opts.Account != "" {
		p.started = m.startLogin(LoginRequest{JID: opts.Account})
	}
	return p, nil
}

// programOptions are the Bubble Tea options for opts.
func programOptions(ctx context.Context, opts Options) []tea.ProgramOption {
	popts := []tea.ProgramOption{tea.WithContext(ctx)}
	if opts.Output == nil && opts.Environ == nil {
		// lipgloss has already detected stdout's colour profile when it was
		// loaded; reusing it spares the program a second detection, which
		// inside tmux runs `tmux info` (about 25 ms before the first frame).
		popts = append(popts, tea.WithColorProfile(lipgloss.Writer.Profile))
	}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	if opts.Output != nil {
		popts = append(popts, tea.WithOutput(opts.Output))
	}
	if opts.Environ != nil {
		popts = append(popts, tea.WithEnvironment(opts.Environ))
	}
	if opts.Width > 0 && opts.Height > 0 {
		popts = append(popts, tea.WithWindowSize(opts.Width, opts.Height))
	}
	return append(popts, opts.ProgramOptions...)
}

// Tea is the Bubble Tea program, to run once.
func (p *Program) Tea() *tea.Program { return p.tea }

// Finish is called once after the program has ended (on the goroutine
// that ran it): it stops the event pump, cancels a log-in still under
// way, and logs out of every session the run made.
func (p *Program) Finish() {
	m := p.m
	m.pump.detach()
	if p.frames != nil {
		_ = p.frames.report(p.opts.FrameTimes) // for a benchmark, which sees a missing report
	}
	m.cancel() // also ends a log-in still under way
	logout := func(s Session) {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(p.ctx), logoutTimeout)
		_ = p.opts.Backend.Logout(lctx, s) // best effort on the way out
		cancel()
	}
	live := m.session
	if live != nil {
		logout(live)
	}
	if p.started != nil {
		// A log-in begun for --account may have succeeded after the
		// program quit (or failed to start): its session must not outlive
		// the run, which serve-ssh makes once per connection.
		if s := p.started.session(); s != nil && s != live {
			logout(s)
		}
	}
}

// Run shows the UI until the user quits or ctx ends, then logs out of the
// session if there is one.
func Run(ctx context.Context, opts Options) error {
	p, err := New(ctx, opts)
	if err != nil {
		return err
	}
	_, err = p.tea.Run()
	p.Finish()
	if err != nil && errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // the caller cancelled: a normal end
	}
	if err != nil {
		return fmt.Errorf("ui: %w", err)
	}
	return nil
}
