package errtext

import (
	"errors"
	"fmt"
	"strings"

	"github.com/parley-im/parley/internal/sandbox"
)

// sandboxText words the errors of package internal/sandbox.
func sandboxText(err error) (int, string, bool) {
	switch e := err.(type) {
	case *sandbox.DirError:
		switch {
		case errors.Is(e.Err, sandbox.ErrNotRunning):
			return NotFound, fmt.Sprintf("No sandbox is running in %s.", e.Dir), true
		case errors.Is(e.Err, sandbox.ErrAlreadyRunning):
			return Conflict, fmt.Sprintf("The sandbox in %s is already running (pid %d).", e.Dir, e.PID), true
		case errors.Is(e.Err, sandbox.ErrStateDamaged):
			return Internal, fmt.Sprintf("The sandbox state file in %s is damaged; delete it and start again.", e.Dir), true
		case errors.Is(e.Err, sandbox.ErrNotExited):
			return Internal, fmt.Sprintf("Prosody (pid %d) did not exit after SIGKILL.", e.PID), true
		}
	case *sandbox.StepError:
		return stepText(e)
	case *sandbox.PortError:
		return Conflict, fmt.Sprintf("Port %d is already in use; stop what listens there or pick another port.", e.Port), true
	case *sandbox.StartError:
		msg := fmt.Sprintf("Prosody did not start on %s: %v; see %s", e.Addr, e.Err, e.LogFile)
		if len(e.Tail) > 0 {
			msg += " (last lines: " + strings.Join(e.Tail, " | ") + ")"
		}
		return Unavailable, msg + ".", true
	case *sandbox.UserError:
		return userText(e)
	}
	switch err {
	case sandbox.ErrProsodyMissing:
		return Unavailable, "Prosody is not installed; install it with `sudo apt-get install prosody` and try again.", true
	case sandbox.ErrNotRunning:
		return NotFound, "", true
	case sandbox.ErrUserExists, sandbox.ErrPortBusy:
		return Conflict, "", true
	}
	return 0, "", false
}

func stepText(e *sandbox.StepError) (int, string, bool) {
	switch e.Step {
	case sandbox.StepOptions:
		return BadRequest, fmt.Sprintf("The sandbox options are invalid: %v.", e.Err), true
	case sandbox.StepPort:
		return Internal, fmt.Sprintf("No free port for the sandbox: %v.", e.Err), true
	case sandbox.StepPrepare:
		return Internal, fmt.Sprintf("Could not prepare the sandbox in %s: %v.", e.Subject, e.Err), true
	case sandbox.StepOpen:
		return Internal, fmt.Sprintf("Could not open %s: %v.", e.Subject, e.Err), true
	case sandbox.StepRun:
		return Unavailable, fmt.Sprintf("Could not run %s: %v.", e.Subject, e.Err), true
	case sandbox.StepRecord:
		return Internal, fmt.Sprintf("Could not record the sandbox state in %s: %v.", e.Subject, e.Err), true
	case sandbox.StepReadState:
		return Internal, fmt.Sprintf("Could not read the sandbox state: %v.", e.Err), true
	}
	return 0, "", false
}

func userText(e *sandbox.UserError) (int, string, bool) {
	switch {
	case errors.Is(e.Err, sandbox.ErrBadUserName):
		return BadRequest, fmt.Sprintf("%q is not a valid user name.", e.User), true
	case errors.Is(e.Err, sandbox.ErrBadPassword):
		return BadRequest, "The password must be one non-empty line.", true
	case errors.Is(e.Err, sandbox.ErrUserExists):
		return Conflict, fmt.Sprintf("The account %s already exists.", e.JID), true
	}
	detail := e.Output
	if detail == "" {
		detail = e.Err.Error()
	}
	return Internal, fmt.Sprintf("Could not create %s: %s.", e.JID, detail), true
}
