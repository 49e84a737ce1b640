package errtext

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Status codes of the CLI's responses.
const (
	OK           = 200
	BadRequest   = 400 // bad input caught before anything is sent
	Unauthorized = 401 // authentication failed
	Forbidden    = 403 // the server forbids it
	NotFound     = 404 // no such user / nothing published
	Conflict     = 409 // identifier already registered
	TooLarge     = 413 // payload (image) over the limit
	Internal     = 500 // anything else
	Unavailable  = 503 // server unreachable, TLS failure, timeout
)

// Error is a failure of edge code (a bad flag, a missing file) with a
// status code and one sentence for a person.
type Error struct {
	Code    int
	Message string // one sentence for a person: what went wrong, what to do
	Err     error  // the underlying cause, if any
}

func (e *Error) Error() string {
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New makes an Error with a sentence.
func New(code int, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap makes an Error with a sentence and a cause.
func Wrap(code int, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// Code returns the status code of err: 200 for nil; the code of the
// outermost *Error or typed error of xmppclient, profile, keystore or
// sandbox in the chain (see typed.go); 503 for a context deadline; 500
// otherwise.
func Code(err error) int {
	if err == nil {
		return OK
	}
	if code, _, ok := find(err); ok {
		return code
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return Unavailable
	}
	return Internal
}

// Message returns the sentence for a person ("Success" for nil), followed
// by the advice that only the edge can give (a flag to use, what to watch
// for in the UI).
func Message(err error) string {
	if err == nil {
		return "Success"
	}
	s, a := sentence(err), advice(err)
	if a != "" && strings.Contains(s, strings.TrimSpace(a)) {
		return s // a wrapper's sentence quotes the wrapped one, advice and all
	}
	return s + a
}

// Reason is the sentence alone, without the edge's advice: for a front
// end that offers the remedy itself (the UI's "trust this certificate").
func Reason(err error) string {
	if err == nil {
		return "Success"
	}
	return sentence(err)
}

// Sentence is Message.
func Sentence(err error) string { return Message(err) }

// Known reports whether err already has a sentence of its own (an *Error
// or a typed error this package words), so a caller need not wrap it.
func Known(err error) bool {
	_, msg, ok := find(err)
	return ok && msg != ""
}

func sentence(err error) string {
	if _, msg, ok := find(err); ok && msg != "" {
		return msg
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "The server did not answer in time; check the address and your network, then try again."
	}
	return err.Error()
}

// find walks err's chain outermost first, in the order of errors.As, and
// returns the code and sentence of the first error it knows: the decision
// of whoever wrapped last wins. An empty sentence means err's own text.
func find(err error) (int, string, bool) {
	for err != nil {
		if code, msg, ok := known(err); ok {
			return code, msg, true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if code, msg, ok := find(e); ok {
					return code, msg, true
				}
			}
			return 0, "", false
		default:
			return 0, "", false
		}
	}
	return 0, "", false
}
