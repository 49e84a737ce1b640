package testenv

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/parley-im/parley/internal/ejabberd"
	"github.com/parley-im/parley/internal/sandbox"
)

// Names of the servers an integration test runs against, also the names of
// the subtests EachServer makes.
const (
	ProsodyName  = "prosody"
	EjabberdName = "ejabberd"
)

// ServerNames lists the servers EachServer runs a test on, in order.
var ServerNames = []string{ProsodyName, EjabberdName}

// ServerOptions shape the server a test gets.
//
// Prosody starts in a fraction of a second, so every test gets a Prosody of
// its own whatever the options say. ejabberd takes seconds to start and
// stop, so under RunShared the tests of a package that ask for nothing
// special share one ejabberd (tests make fresh accounts, so they do not
// see each other); a test that stops the server or needs a configuration
// of its own asks for a private one.
type ServerOptions struct {
	// Private gives the test a server nobody else uses, which it may Stop
	// and Start. ClosedRegistration and Debug imply it.
	Private bool
	// ClosedRegistration refuses in-band registration (XEP-0077): Prosody
	// turns it off, ejabberd denies it by its register access rule.
	ClosedRegistration bool
	// Debug makes the server log at debug level.
	Debug bool
	// NoRosterVersioning turns roster versioning off: ejabberd's own
	// default. Prosody 0.12 always offers it and has no switch, so asking
	// for it there fails the test.
	NoRosterVersioning bool
}

func (o ServerOptions) private() bool {
	return o.Private || o.ClosedRegistration || o.Debug || o.NoRosterVersioning
}

// Server is one running test server, Prosody or ejabberd, seen the same way
// by the tests. Exactly one of Prosody and Ejabberd is set.
type Server struct {
	Name   string // ProsodyName or EjabberdName
	Domain string // the virtual host, "localhost"
	Addr   string // "127.0.0.1:PORT", the c2s (STARTTLS) address
	CAFile string // PEM file a client must trust

	Prosody  *sandbox.Server
	Ejabberd *ejabberd.Server

	shared bool
}

var _ UserRegistrar = (*Server)(nil)

// RegisterUser creates user with password out of band.
func (s *Server) RegisterUser(ctx context.Context, user, password string) error {
	if s.Prosody != nil {
		return s.Prosody.RegisterUser(ctx, user, password)
	}
	return s.Ejabberd.RegisterUser(ctx, user, password)
}

// JID returns user@domain on this server.
func (s *Server) JID(user string) string { return user + "@" + s.Domain }

// Shared reports whether other tests use this server too; such a server
// cannot be stopped.
func (s *Server) Shared() bool { return s.shared }

// errShared is returned by Stop and Start of a shared server.
var errShared = errors.New("a shared test server cannot be stopped or started: ask for ServerOptions{Private: true}")

// Stop stops the server, keeping its port, accounts and data for Start.
func (s *Server) Stop() error {
	if s.shared {
		return errShared
	}
	if s.Prosody != nil {
		return s.Prosody.Stop()
	}
	return s.Ejabberd.Stop()
}

// Start runs a stopped server again on the same port and data. An ejabberd
// that fails to boot is tried once more, as when it is first started.
func (s *Server) Start(ctx context.Context) error {
	if s.shared {
		return errShared
	}
	if s.Prosody != nil {
		return s.Prosody.Start(ctx)
	}
	err := s.Ejabberd.Start(ctx)
	if err != nil && ctx.Err() == nil {
		err = s.Ejabberd.Start(ctx)
	}
	return err
}

// LogTail returns up to n last lines of the server's log.
func (s *Server) LogTail(n int) []string {
	if s.Prosody != nil {
		return s.Prosody.LogTail(n)
	}
	return s.Ejabberd.LogTail(n)
}

// NewServer returns a running server of the named kind for the test: a
// new one, or under RunShared the package's shared ejabberd when o asks
// for nothing private. A missing server is a skip, or a failure in CI (see
// Missing). A private server is stopped when the test ends.
func NewServer(t testing.TB, name string, o ServerOptions) *Server {
	t.Helper()
	switch name {
	case ProsodyName:
		var opts []func(*sandbox.Options)
		if o.ClosedRegistration {
			opts = append(opts, ClosedRegistration)
		}
		if o.Debug {
			opts = append(opts, Debug)
		}
		if o.NoRosterVersioning {
			t.Fatal("Prosody cannot turn roster versioning off")
		}
		p := Prosody(t, opts...)
		return &Server{Name: name, Domain: p.Domain, Addr: p.Addr, CAFile: p.CAFile, Prosody: p}
	case EjabberdName:
		if !o.private() {
			if e, ok := sharedEjabberd(t); ok {
				return e
			}
		}
		e := EjabberdWith(t, ejabberd.Options{ClosedRegistration: o.ClosedRegistration, Debug: o.Debug, NoRosterVersioning: o.NoRosterVersioning})
		return &Server{Name: name, Domain: e.Domain, Addr: e.Addr, CAFile: e.CAFile, Ejabberd: e}
	}
	t.Fatalf("no test server is called %q (want one of %v)", name, ServerNames)
	return nil
}

// EachServer runs body as one subtest per server (named after it, see
// ServerNames), each with a server of default options.
func EachServer(t *testing.T, body func(t *testing.T, srv *Server)) {
	t.Helper()
	EachServerWith(t, ServerOptions{}, body)
}

// EachServerWith is EachServer with servers shaped by o.
func EachServerWith(t *testing.T, o ServerOptions, body func(t *testing.T, srv *Server)) {
	t.Helper()
	for _, name := range ServerNames {
		t.Run(name, func(t *testing.T) {
			srv := NewServer(t, name, o)
			if srv.shared {
				t.Cleanup(func() {
					if t.Failed() {
						for _, l := range srv.LogTail(logLinesOnFailure) {
							t.Logf("%s (shared): %s", name, l)
						}
					}
				})
			}
			body(t, srv)
		})
	}
}

// String names the server and its address, for messages.
func (s *Server) String() string { return fmt.Sprintf("%s at %s", s.Name, s.Addr) }
