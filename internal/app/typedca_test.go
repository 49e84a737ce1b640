package app

import (
	"errors"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/xmppclient"
)

// A CA file typed into the registration and log-in forms is the one the
// connection trusts: without it (and no --ca) the server's certificate is
// refused; with it registration and log-in succeed, and the log-in saves
// it in the account, so the next log-in needs it no more.
func TestTypedCAFileIsUsed(t *testing.T) {
	srv := testenv.Prosody(t)
	ctx := testenv.Context(t, 2*time.Minute)
	newApp := func() (*App, *keystore.Store) {
		store, err := keystore.OpenWith(keystore.Options{ConfigDir: t.TempDir(), Backend: &memKeyring{m: map[string]string{}}})
		if err != nil {
			t.Fatal(err)
		}
		return New(Options{Store: store, SandboxDir: t.TempDir()}), store
	}
	b, _ := newApp()

	req := RegisterRequest{Identifier: "typedca", Domain: srv.Domain, Server: srv.Addr}
	var cert *xmppclient.CertificateError
	if _, _, err := b.CreateAccount(ctx, req); !errors.As(err, &cert) {
		t.Fatalf("register without a CA: %v", err)
	}
	req.CAFile = srv.CAFile
	res, _, err := b.CreateAccount(ctx, req)
	if err != nil {
		t.Fatalf("register with the typed CA: %v", err)
	}

	// Another machine: the account is not saved there.
	b, store := newApp()
	login := LoginRequest{JID: res.UserJID, Password: res.Password, Server: srv.Addr, Remember: true}
	if _, err := b.Login(ctx, login); !errors.As(err, &cert) {
		t.Fatalf("log in without a CA: %v", err)
	}
	login.CAFile = srv.CAFile
	s, err := b.Login(ctx, login)
	if err != nil {
		t.Fatalf("log in with the typed CA: %v", err)
	}
	_ = b.Logout(ctx, s)
	if acc, _, err := store.Account(res.UserJID); err != nil || acc.CAFile != srv.CAFile {
		t.Fatalf("saved account %+v, %v", acc, err)
	}
	s, err = b.Login(ctx, LoginRequest{JID: res.UserJID})
	if err != nil {
		t.Fatalf("log in with the saved CA: %v", err)
	}
	_ = b.Logout(ctx, s)
}
