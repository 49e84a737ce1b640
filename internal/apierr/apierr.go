// Package apierr holds the typed error every Parley operation returns: a
// status code from the SDK's response table (docs: PROTOCOL.md, mirrored in
// README.md) and one human sentence. The CLI turns it into the JSON response,
// the UI into a one-line message; callers branch on Code with errors.As.
package apierr

import (
	"context"
	"errors"
	"fmt"
)

// Status codes of the SDK-shaped responses.
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

// Error is an operation failure with a response status code.
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

// New makes an Error with a message.
func New(code int, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap makes an Error with a message and a cause.
func Wrap(code int, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// Code returns the status code of err: 200 for nil, the Code of an *Error
// anywhere in the chain, 503 for a context deadline, 500 otherwise.
func Code(err error) int {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return Unavailable
	}
	return Internal
}

// Message returns the human sentence of err ("Success" for nil).
func Message(err error) string {
	if err == nil {
		return "Success"
	}
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "The server did not answer in time; check the address and your network, then try again."
	}
	return err.Error()
}
