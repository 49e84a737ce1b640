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
}

// logoutTimeout bounds the log-out done when the UI quits.
const logoutTimeout = 5 * time.Second

// Run shows the UI until the user quits or ctx ends, then logs out of the
// session if there is one.
func Run(ctx context.Context, opts Options) error {
	if opts.Backend == nil {
		return errors.New("ui: no backend")
	}
	m := NewModel(ctx, opts)
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
	popts = append(popts, opts.ProgramOptions...)
	p := tea.NewProgram(m, popts...)
	m.pump.setSend(p.Send)
	var started *startedLogin
	if opts.Account != "" {
		// The log-in needs no terminal: it overlaps the program's start.
		started = m.startLogin(LoginRequest{JID: opts.Account})
	}
	final, err := p.Run()
	m.pump.detach()
	m.cancel() // also ends a log-in still under way
	logout := func(s Session) {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), logoutTimeout)
		_ = opts.Backend.Logout(lctx, s) // best effort on the way out
		cancel()
	}
	var live Session
	if fm, ok := final.(*Model); ok && fm.session != nil {
		live = fm.session
		logout(live)
	}
	if started != nil {
		// A log-in Run began may have succeeded after the program quit
		// (or failed to start): its session must not outlive Run, which
		// serve-ssh calls once per connection.
		if s := started.session(); s != nil && s != live {
			logout(s)
		}
	}
	if err != nil && errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // the caller cancelled: a normal end
	}
	if err != nil {
		return fmt.Errorf("ui: %w", err)
	}
	return nil
}
