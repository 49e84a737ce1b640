package errtext

import (
	"context"
	"errors"

	"github.com/parley-im/parley/internal/apierr"
)

// Status codes of the CLI's responses.
const (
	OK           = apierr.OK
	BadRequest   = apierr.BadRequest   // bad input caught before anything is sent
	Unauthorized = apierr.Unauthorized // authentication failed
	Forbidden    = apierr.Forbidden    // the server forbids it
	NotFound     = apierr.NotFound     // no such user / nothing published
	Conflict     = apierr.Conflict     // identifier already registered
	TooLarge     = apierr.TooLarge     // payload (image) over the limit
	Internal     = apierr.Internal     // anything else
	Unavailable  = apierr.Unavailable  // server unreachable, TLS failure, timeout
)

// Error is a failure with a status code and one sentence for a person.
// xmppclient, profile and keystore still return it as the outer layer of
// their typed errors, so the two are one type until they no longer do.
type Error = apierr.Error

// New makes an Error with a sentence.
func New(code int, format string, args ...any) *Error { return apierr.New(code, format, args...) }

// Wrap makes an Error with a sentence and a cause.
func Wrap(code int, err error, format string, args ...any) *Error {
	return apierr.Wrap(code, err, format, args...)
}

// Code returns the status code of err: 200 for nil; the Code of an *Error
// anywhere in the chain; else the code of a typed error of xmppclient,
// profile or keystore (see typedCode); 503 for a context deadline; 500
// otherwise.
func Code(err error) int {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if code, ok := typedCode(err); ok {
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
	return apierr.Message(err) + advice(err)
}

// Sentence is Message.
func Sentence(err error) string { return Message(err) }
