package app

import (
	"context"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// The visibility a save sets is kept with the saved account and starts
// the next session: going public there and back to contacts in a later
// session (as two `parley profile set --visibility` would), a stranger
// reads mobile and e-mail only in between, a contact always.
func TestVisibilityIsKeptPerAccount(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		ctx := testenv.Context(t, 2*time.Minute)
		j, pw := testenv.Account(t, srv)
		sJ, sPW := testenv.Account(t, srv)
		bJ, bPW := testenv.Account(t, srv)
		a := New(Options{Store: newStore(t), Given: Given{Server: srv.Addr, CAFile: srv.CAFile}, AvatarCacheDir: t.TempDir()})
		stranger := clientOn(t, srv, "", sJ, sPW)
		contact := clientOn(t, srv, "", bJ, bPW)

		// Befriended by a full session: the commands' sessions are quiet.
		full := clientOn(t, srv, "", j, pw)
		mutual(t, full, contact)
		logoutNow(full)

		first, _, err := a.ConnectAndSave(ctx, LoginRequest{JID: j, Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		fields := map[string]string{profile.FieldNickname: "Alice", profile.FieldStatus: "s",
			profile.FieldMobile: "+15550199", profile.FieldEmail: "alice.private@example.org", FieldVisibility: "public"}
		p, err := a.EditProfile(ctx, first, fields)
		if err != nil {
			t.Fatal(err)
		}
		if p.Visibility != profile.VisibilityPublic {
			t.Fatalf("saved profile visibility %q, want public", p.Visibility)
		}
		if acc, _, _ := a.opts.Store.Account(j); acc.ProfileVisibility != "public" {
			t.Fatalf("the saved account keeps visibility %q, want public", acc.ProfileVisibility)
		}
		strangerReads(t, ctx, stranger, j, true)
		logoutNow(first)

		second, err := a.Connect(ctx, LoginRequest{JID: j, Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		defer logoutNow(second)
		if second.Visibility() != profile.VisibilityPublic {
			t.Fatalf("the next session starts with visibility %q, want public", second.Visibility())
		}
		own, err := second.GetProfile(ctx, "")
		if err != nil || own.Visibility != profile.VisibilityPublic {
			t.Fatalf("own profile visibility %q (%v), want public", own.Visibility, err)
		}
		if _, err := a.EditProfile(ctx, second, map[string]string{FieldVisibility: "contacts"}); err != nil {
			t.Fatal(err)
		}
		if acc, _, _ := a.opts.Store.Account(j); acc.ProfileVisibility != "contacts" {
			t.Fatalf("the saved account keeps visibility %q, want contacts", acc.ProfileVisibility)
		}
		strangerReads(t, ctx, stranger, j, false)
		cp, err := contact.GetProfile(ctx, j)
		if err != nil || cp.MobileNumber != "+15550199" || cp.Email != "alice.private@example.org" || cp.Nickname != "Alice" {
			t.Fatalf("the contact reads %+v (%v), want every field kept", cp, err)
		}
	})
}

// strangerReads checks whether the stranger reads mobile and e-mail
// through Parley's profile read (PEP, then vcard-temp) and vcard-temp
// alone, as want says.
func strangerReads(t *testing.T, ctx context.Context, s *xmppclient.Client, owner string, want bool) {
	t.Helper()
	p, err := s.GetProfile(ctx, owner)
	legacy, lerr := s.VCardTemp(ctx, owner)
	if lerr != nil {
		t.Fatalf("stranger's vcard-temp read: %v", lerr)
	}
	for door, got := range map[string]profile.Profile{"profile": p, "vcard-temp": legacy} {
		reads := got.MobileNumber == "+15550199" && got.Email == "alice.private@example.org"
		leaks := got.MobileNumber != "" || got.Email != ""
		switch {
		case want && !reads:
			t.Errorf("public: the stranger's %s read gives %+v (%v), want mobile and e-mail", door, got, err)
		case !want && leaks:
			t.Errorf("contacts: the stranger's %s read gives %+v, want neither mobile nor e-mail", door, got)
		}
	}
}

func logoutNow(c *xmppclient.Client) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.Logout(ctx)
}
