// Package errtext is the edge where an error becomes what a person sees:
// the CLI's statusCode (the table in README.md: 200, 400, 401, 403, 404,
// 409, 413, 500, 503) and one sentence, used by the CLI's JSON and by the
// UI's notice line alike.
//
// Code and Message walk the chain outermost first and stop at the first
// error they know (the decision of whoever wrapped last): an *Error, or an
// exported error of xmppclient, profile, keystore or internal/sandbox,
// each worded from its fields in the file named after its package; then a
// context deadline (503), else 500 and the error's own text. Message adds
// the advice only the edge may give: the --ca flag for an untrusted
// certificate, the CONNECTED status to wait for. Sentence is the same as
// Message. Edge code that fails on its own (a bad flag, a missing file)
// builds an *Error with New or Wrap.
//
// xmppclient, profile, keystore and internal/sandbox must not import this
// package (imports_test.go checks it): they return typed errors with Go's
// lower-case messages, and only this package makes sentences and codes.
package errtext
