package sandbox

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinels, found with errors.Is in the errors of this package.
var (
	// ErrNotRunning reports that no sandbox runs in a directory.
	ErrNotRunning = errors.New("no sandbox is running")
	// ErrUserExists reports that RegisterUser found the account already there.
	ErrUserExists = errors.New("user already exists")
	// ErrProsodyMissing reports that the prosody binary is not installed.
	// Find and Start return it wrapped; test it with errors.Is.
	ErrProsodyMissing = errors.New("prosody is not installed; install it with `sudo apt-get install prosody`")
	// ErrAlreadyRunning: the sandbox of a directory runs already.
	ErrAlreadyRunning = errors.New("sandbox: already running")
	// ErrStateDamaged: the state file of a detached sandbox cannot be read.
	ErrStateDamaged = errors.New("sandbox: state file damaged")
	// ErrNotExited: Prosody outlived SIGKILL.
	ErrNotExited = errors.New("sandbox: prosody did not exit after SIGKILL")
	// ErrPortBusy: the sandbox's port is taken.
	ErrPortBusy = errors.New("sandbox: port busy")
	// ErrBadUserName and ErrBadPassword: RegisterUser's arguments.
	ErrBadUserName = errors.New("sandbox: invalid user name")
	ErrBadPassword = errors.New("sandbox: the password must be one non-empty line")
)

// DirError is about the sandbox of one directory: none runs there
// (ErrNotRunning), it runs already (ErrAlreadyRunning), its state file is
// damaged (ErrStateDamaged) or its Prosody does not exit (ErrNotExited).
type DirError struct {
	Dir string
	PID int // the process, when known
	Err error
}

func (e *DirError) Error() string {
	return "sandbox " + e.Dir + ": " + strings.TrimPrefix(e.Err.Error(), "sandbox: ")
}
func (e *DirError) Unwrap() error { return e.Err }

// Step names a step of setting a sandbox up.
type Step string

// The steps a StepError can name.
const (
	StepOptions   Step = "check the options"
	StepPort      Step = "find a free port"
	StepPrepare   Step = "prepare"
	StepOpen      Step = "open"
	StepRun       Step = "run"
	StepRecord    Step = "record the state in"
	StepReadState Step = "read the state"
)

// StepError is a step of setting up a sandbox that failed; Subject is the
// directory, file or program it worked on.
type StepError struct {
	Step    Step
	Subject string
	Err     error
}

func (e *StepError) Error() string {
	if e.Subject == "" {
		return fmt.Sprintf("sandbox: %s: %v", e.Step, e.Err)
	}
	return fmt.Sprintf("sandbox: %s %s: %v", e.Step, e.Subject, e.Err)
}

func (e *StepError) Unwrap() error { return e.Err }

// PortError is a port already in use. It wraps ErrPortBusy.
type PortError struct{ Port int }

func (e *PortError) Error() string { return fmt.Sprintf("sandbox: port %d is already in use", e.Port) }
func (e *PortError) Unwrap() error { return ErrPortBusy }

// StartError is a Prosody that was run but did not become ready.
type StartError struct {
	Addr    string
	LogFile string
	Tail    []string // the last lines of its output and log
	Err     error
}

func (e *StartError) Error() string {
	msg := fmt.Sprintf("sandbox: prosody did not start on %s: %v", e.Addr, e.Err)
	if len(e.Tail) > 0 {
		msg += " (last lines: " + strings.Join(e.Tail, " | ") + ")"
	}
	return msg
}

func (e *StartError) Unwrap() error { return e.Err }

// UserError is an account RegisterUser did not create: a bad name
// (ErrBadUserName) or password (ErrBadPassword), one that exists
// (ErrUserExists), or prosodyctl's failure with its Output.
type UserError struct {
	User   string // as given
	JID    string
	Output string
	Err    error
}

func (e *UserError) Error() string {
	if e.Output != "" {
		return fmt.Sprintf("sandbox: create %q: %v: %s", e.User, e.Err, e.Output)
	}
	return fmt.Sprintf("sandbox: create %q: %s", e.User, strings.TrimPrefix(e.Err.Error(), "sandbox: "))
}

func (e *UserError) Unwrap() error { return e.Err }
