// Package testenv holds helpers for integration tests: throwaway XMPP
// servers, fresh accounts on them, free ports and bounded contexts.
//
// Integration tests run against both real servers Parley supports:
// EachServer runs a test body as the subtests "prosody" and "ejabberd",
// each with a Server (address, CA file, domain, out-of-band accounts, and
// Stop/Start for a private one). Prosody (internal/sandbox) starts in a
// fraction of a second, so every test gets its own. ejabberd
// (internal/ejabberd) takes seconds to start and to stop, so a package
// whose TestMain calls RunShared shares one ejabberd among the tests that
// ask for nothing special; tests that stop the server or need another
// configuration (ServerOptions) get a private one.
//
// A missing server binary skips the test locally but fails it when the
// environment variable CI is true, so CI cannot pass by skipping.
package testenv
