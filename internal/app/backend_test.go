package app_test

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/ui"
)

// The UI honours --server, --ca and --sandbox as the CLI does: these go
// through ui.Backend, as the UI calls it.

type mockKeyring struct{ m map[string]string }

func (k *mockKeyring) Set(service, user, secret string) error {
	k.m[service+"/"+user] = secret
	return nil
}
func (k *mockKeyring) Get(service, user string) (string, error) {
	if v, ok := k.m[service+"/"+user]; ok {
		return v, nil
	}
	return "", keyring.ErrNotFound
}
func (k *mockKeyring) Delete(service, user string) error { delete(k.m, service+"/"+user); return nil }

func backend(t *testing.T, g app.Given, saved ...keystore.Account) ui.Backend {
	t.Helper()
	st, err := keystore.OpenWith(keystore.Options{ConfigDir: t.TempDir(), Backend: &mockKeyring{m: map[string]string{}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range saved {
		if err := st.SaveAccount(a); err != nil {
			t.Fatal(err)
		}
	}
	// No sandbox runs in an empty directory.
	return app.New(app.Options{Store: st, Given: g, SandboxDir: t.TempDir()})
}

// `parley --server ADDR` with a saved sandbox account dials ADDR.
func TestUIHonoursServerFlag(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dialled := make(chan struct{}, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			dialled <- struct{}{}
			c.Close()
		}
	}()
	b := backend(t, app.Given{Server: ln.Addr().String()}, keystore.Account{JID: "guest@localhost", Sandbox: true})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := b.Login(ctx, ui.LoginRequest{JID: "guest@localhost", Password: "pw"}); err == nil {
		t.Fatal("a log-in to a listener that hangs up succeeded")
	}
	select {
	case <-dialled:
	default:
		t.Fatal("the log-in did not dial --server")
	}
}

// --ca is the CA trusted, over the saved account's.
func TestUIHonoursCAFlag(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "flag-ca.pem")
	b := backend(t, app.Given{CAFile: missing, Server: "127.0.0.1:1"},
		keystore.Account{JID: "alice@example.org", CAFile: filepath.Join(t.TempDir(), "saved-ca.pem")})
	_, err := b.Login(context.Background(), ui.LoginRequest{JID: "alice@example.org", Password: "pw"})
	if errtext.Code(err) != errtext.BadRequest || !strings.Contains(errtext.Message(err), missing) {
		t.Fatalf("code %d, %v; want the --ca file named", errtext.Code(err), err)
	}
}

// --sandbox makes a registration go to the sandbox, even with a domain.
func TestUIHonoursSandboxFlag(t *testing.T) {
	b := backend(t, app.Given{Sandbox: true})
	_, _, _, err := b.Register(context.Background(), ui.RegisterRequest{Identifier: "x", Domain: "example.org", Server: "127.0.0.1:1"})
	if errtext.Code(err) != errtext.Unavailable || !strings.Contains(errtext.Message(err), "parley sandbox start") {
		t.Fatalf("code %d, %v; want the sandbox looked up", errtext.Code(err), err)
	}
	// And a log-in of an account not marked sandbox.
	_, err = b.Login(context.Background(), ui.LoginRequest{JID: "bob@localhost", Password: "pw"})
	if errtext.Code(err) != errtext.Unavailable {
		t.Fatalf("log-in: code %d, %v", errtext.Code(err), err)
	}
}
