// Package errtext is the edge where an error becomes what a person sees:
// the CLI's statusCode (the table in README.md: 200, 400, 401, 403, 404,
// 409, 413, 500, 503) and one sentence, used by the CLI's JSON and by the
// UI's notice line alike.
//
// Code reads, in this order: an *Error anywhere in the chain (the decision
// of whoever wrapped last), the exported errors of xmppclient, profile and
// keystore (typed.go), a context deadline (503), else 500. Message gives
// the sentence and adds the advice only the edge may give: the --ca flag
// for an untrusted certificate, the CONNECTED status to wait for. Sentence
// is the same as Message. Edge code that fails on its own (a bad flag, a
// missing file) builds an *Error with New or Wrap.
//
// xmppclient, profile and keystore must not import this package.
package errtext
