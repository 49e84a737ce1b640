package app

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/xmppclient"
)

// Moved from ui/backend_real_test.go with the code it tests; --ca is now
// Given.CAFile.
func TestRealBackendRegisterLoginLogout(t *testing.T) {
	srv := testenv.Prosody(t)
	ctx := testenv.Context(t, 2*time.Minute)
	store, err := keystore.OpenWith(keystore.Options{ConfigDir: t.TempDir(), Backend: &memKeyring{m: map[string]string{}}})
	if err != nil {
		t.Fatal(err)
	}
	b := New(Options{Store: store, Given: Given{CAFile: srv.CAFile}, SandboxDir: t.TempDir()})

	raw := make([]byte, 4)
	_, _ = rand.Read(raw)
	id := "ui" + hex.EncodeToString(raw)
	res, s, stored, err := b.Register(ctx, RegisterRequest{Identifier: id, Domain: srv.Domain, Server: srv.Addr,
		Meta: []xmppclient.Meta{{Key: "plan", Value: "trial"}}})
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	if res.UserJID != id+"@"+srv.Domain || len(res.Password) < 24 || !strings.Contains(stored, "keyring") {
		t.Fatalf("result %+v, stored %q", res, stored)
	}
	if !strings.HasPrefix(s.CurrentJID(), res.UserJID+"/") || s.Status() != xmppclient.StatusConnected {
		t.Fatalf("session %q %s", s.CurrentJID(), s.Status())
	}
	if err := b.Logout(ctx, s); err != nil {
		t.Fatalf("logout: %v", err)
	}
	accs, err := b.Accounts()
	if err != nil || len(accs) != 1 || accs[0].JID != res.UserJID || !accs[0].HasSecret {
		t.Fatalf("accounts %+v, %v", accs, err)
	}

	// The stored secret logs in; the server address was saved.
	s2, err := b.Login(ctx, LoginRequest{JID: res.UserJID})
	if err != nil {
		t.Fatalf("login with the stored secret: %v", err)
	}
	_ = b.Logout(ctx, s2)

	// A wrong password is a 401 with a sentence.
	_, err = b.Login(ctx, LoginRequest{JID: res.UserJID, Password: "wrong", Server: srv.Addr})
	if errtext.Code(err) != errtext.Unauthorized || errtext.Message(err) == "" {
		t.Fatalf("wrong password: code %d, %v", errtext.Code(err), err)
	}

	// The sandbox is looked up by its directory; none runs there.
	_, _, _, err = b.Register(ctx, RegisterRequest{Identifier: "x", Sandbox: true})
	if errtext.Code(err) != errtext.Unavailable || !strings.Contains(errtext.Message(err), "parley sandbox start") {
		t.Fatalf("register without a sandbox: code %d, %v", errtext.Code(err), err)
	}
}
