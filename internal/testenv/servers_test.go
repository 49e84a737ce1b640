package testenv

import (
	"os"
	"path"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/sandbox"
)

func TestMain(m *testing.M) { os.Exit(RunShared(m)) }

func TestEachServerGivesAWorkingServer(t *testing.T) {
	EachServer(t, func(t *testing.T, srv *Server) {
		if want := path.Base(t.Name()); srv.Name != want {
			t.Errorf("subtest %s got a %s", want, srv.Name)
		}
		if (srv.Prosody != nil) != (srv.Name == ProsodyName) || (srv.Ejabberd != nil) != (srv.Name == EjabberdName) {
			t.Errorf("%s: Prosody %v, Ejabberd %v", srv.Name, srv.Prosody, srv.Ejabberd)
		}
		ctx := Context(t, 0)
		if _, err := sandbox.Probe(ctx, srv.Addr, srv.Domain, srv.CAFile); err != nil {
			t.Fatalf("%s does not serve XMPP: %v", srv, err)
		}
		jid, _ := Account(t, srv)
		user, domain, _ := strings.Cut(jid, "@")
		if domain != srv.Domain {
			t.Errorf("account %s is not on %s", jid, srv.Domain)
		}
		if err := srv.RegisterUser(ctx, user, "other"); err == nil {
			t.Errorf("%s: registering %s again succeeded, so Account made no account", srv, jid)
		}
		// Under RunShared the tests share ejabberd, never Prosody.
		if srv.Shared() != (srv.Name == EjabberdName) {
			t.Errorf("%s: shared %v", srv, srv.Shared())
		}
		if srv.Shared() {
			if err := srv.Stop(); err == nil {
				t.Fatalf("a shared server was stopped")
			}
		}
	})
}

func TestSharedAndPrivateEjabberd(t *testing.T) {
	a := NewServer(t, EjabberdName, ServerOptions{})
	b := NewServer(t, EjabberdName, ServerOptions{})
	if a != b || !a.Shared() {
		t.Fatalf("two default ejabberds: %s and %s (shared %v)", a, b, a.Shared())
	}
	p := NewServer(t, EjabberdName, ServerOptions{Private: true})
	if p.Shared() || p.Addr == a.Addr || p.Ejabberd == a.Ejabberd {
		t.Fatalf("private ejabberd %s is the shared %s", p, a)
	}
	if _, err := sandbox.Probe(Context(t, 0), p.Addr, p.Domain, p.CAFile); err != nil {
		t.Fatalf("private ejabberd: %v", err)
	}
}
