// Package errtext is the edge where an error becomes what a person sees:
// the CLI's statusCode (the table in README.md: 200, 400, 401, 403, 404,
// 409, 413, 500, 503) and one sentence, used by the CLI's JSON and by the
// UI's notice line alike.
//
// Code and Message (Sentence is the same) read the typed errors of
// xmppclient, profile and keystore anywhere in an error's chain, and a
// context deadline (503). Edge code that fails on its own (a bad flag, a
// missing file) builds an *Error with New or Wrap.
package errtext
