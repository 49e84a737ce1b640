package xmppclient_test

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// The visibility tests change who may see the profile and check, from a
// stranger's session (a fresh account that is no contact) through every
// door, and from a contact's, that each field reaches exactly those the
// setting allows.

// doorPayloads are the queries any client can send about an account's
// profile: the PEP nodes (XEP-0292, XEP-0172, XEP-0084) and vcard-temp
// (XEP-0054).
var doorPayloads = map[string]string{
	"vCard4":          vcard4Items,
	"nickname":        `<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='` + profile.NodeNickname + `'/></pubsub>`,
	"avatar metadata": `<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='` + profile.NodeAvatarMetadata + `'/></pubsub>`,
	"vcard-temp":      `<vCard xmlns='vcard-temp'/>`,
}

// doors asks owner's profile through every door as s and returns each
// reply.
func doors(t *testing.T, s *legacyClient, owner string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for door, payload := range doorPayloads {
		out[door] = s.iq(t, stanza.GetIQ, owner, payload)
	}
	return out
}

// secretsIn lists the secrets found in any reply.
func secretsIn(replies map[string]string, secrets ...string) []string {
	var found []string
	for door, reply := range replies {
		for _, secret := range secrets {
			if strings.Contains(reply, secret) {
				found = append(found, door+" carries "+secret+": "+reply)
			}
		}
	}
	return found
}

// connectVisible logs j in with the visibility a saved account gives the
// client.
func connectVisible(t *testing.T, srv *testenv.Server, j, pw string, v profile.Visibility) *xmppclient.Client {
	t.Helper()
	cfg := config(srv, j, pw)
	cfg.AvatarCacheDir = t.TempDir()
	cfg.Visibility = v
	if os.Getenv("PARLEY_TEST_LOG") != "" {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	c := xmppclient.New(cfg)
	if err := c.Connect(testenv.Context(t, 30*time.Second)); err != nil {
		t.Fatalf("connect %s: %v", j, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Logout(ctx)
	})
	return c
}

// contactReadsAll fails unless the contact reads the private fields.
func contactReadsAll(t *testing.T, ctx context.Context, b *xmppclient.Client, owner, when string) {
	t.Helper()
	p, err := b.GetProfile(ctx, owner)
	if err != nil {
		t.Fatalf("%s: the contact's read: %v", when, err)
	}
	if p.MobileNumber != privatePhone || p.Email != privateEmail || p.Nickname != "Alice" {
		t.Fatalf("%s: the contact reads %+v, want nickname, mobile number and e-mail", when, p)
	}
}

// Default, then public, then (in a new session, as the saved setting
// starts it) back to contacts.
func TestVisibilityPublicThenBackToContacts(t *testing.T) {
	testenv.EachServer(t, testVisibilityPublicThenBackToContacts)
}

func testVisibilityPublicThenBackToContacts(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, 2*time.Minute)
	j, pw := testenv.Account(t, srv)
	a, aEv := connectAs(t, srv, j, pw)
	b, bEv := online(t, srv)
	befriend(t, a, aEv, b, bEv)
	s := stranger(t, srv)

	u := privateUpdate(t)
	p, err := a.UpdateProfile(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if p.Visibility != profile.VisibilityContacts || a.Visibility() != profile.VisibilityContacts {
		t.Fatalf("default visibility %q (client %q), want contacts", p.Visibility, a.Visibility())
	}
	for _, l := range secretsIn(doors(t, s, j), "15550199", privateEmail) {
		t.Error("default, stranger: " + l)
	}
	contactReadsAll(t, ctx, b, j, "default")

	u.Image, u.Visibility = "", profile.VisibilityPublic
	if p, err = a.UpdateProfile(ctx, u); err != nil {
		t.Fatalf("public: %v", err)
	}
	if p.Visibility != profile.VisibilityPublic {
		t.Fatalf("the saved profile says %q, want public", p.Visibility)
	}
	public := doors(t, s, j)
	for _, door := range []string{"vCard4", "vcard-temp"} {
		if !strings.Contains(public[door], "15550199") || !strings.Contains(public[door], privateEmail) {
			t.Errorf("public: the stranger does not read mobile and e-mail through %s:\n%s", door, public[door])
		}
	}
	if !strings.Contains(public["nickname"], "Alice") || !strings.Contains(public["avatar metadata"], "<info") {
		t.Errorf("public: the stranger does not read nickname and avatar:\n%s\n%s", public["nickname"], public["avatar metadata"])
	}
	lctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_ = a.Logout(lctx)
	cancel()

	// A later session, started with the setting the account saved.
	a2 := connectVisible(t, srv, j, pw, profile.VisibilityPublic)
	u.Visibility = profile.VisibilityContacts
	if p, err = a2.UpdateProfile(ctx, u); err != nil {
		t.Fatalf("back to contacts: %v", err)
	}
	if p.Visibility != profile.VisibilityContacts {
		t.Fatalf("the saved profile says %q, want contacts", p.Visibility)
	}
	back := doors(t, s, j)
	for _, l := range secretsIn(back, "15550199", privateEmail) {
		t.Error("back to contacts, stranger: " + l)
	}
	for _, door := range []string{"vCard4", "nickname", "avatar metadata"} {
		if !isErrorIQ(back[door]) {
			t.Errorf("back to contacts: the stranger still reads the %s node:\n%s", door, back[door])
		}
	}
	contactReadsAll(t, ctx, b, j, "back to contacts")
}

// Mixed: the stranger reads the nickname and the avatar, never status,
// mobile number or e-mail; the contact reads everything.
func TestVisibilityMixed(t *testing.T) {
	testenv.EachServer(t, testVisibilityMixed)
}

func testVisibilityMixed(t *testing.T, srv *testenv.Server) {
	ctx := testenv.Context(t, 2*time.Minute)
	a, _, b, _ := friends(t, srv)
	s := stranger(t, srv)
	u := privateUpdate(t)
	u.Status = "private status words"
	u.Visibility = profile.VisibilityMixed
	p, err := a.UpdateProfile(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if p.Visibility != profile.VisibilityMixed {
		t.Fatalf("the saved profile says %q, want mixed", p.Visibility)
	}
	got := doors(t, s, a.Account())
	for _, l := range secretsIn(got, "15550199", privateEmail, "private status words") {
		t.Error("mixed, stranger: " + l)
	}
	if !isErrorIQ(got["vCard4"]) {
		t.Errorf("mixed: the vCard4 node is open to the stranger:\n%s", got["vCard4"])
	}
	if !strings.Contains(got["nickname"], "Alice") {
		t.Errorf("mixed: the stranger does not read the XEP-0172 nickname:\n%s", got["nickname"])
	}
	if !strings.Contains(got["avatar metadata"], "<info") || !strings.Contains(got["avatar metadata"], p.Avatar.ID) {
		t.Errorf("mixed: the stranger does not read the avatar metadata:\n%s", got["avatar metadata"])
	}
	// Older clients see the nickname and the photo (docs/PROFILE-FIELDS.md).
	if !strings.Contains(got["vcard-temp"], "Alice") || !strings.Contains(got["vcard-temp"], "BINVAL") {
		t.Errorf("mixed: the stranger's vcard-temp lacks the nickname or the photo:\n%s", got["vcard-temp"])
	}
	if _, payload, err := a.FetchItem(ctx, "", profile.NodeAvatarData, p.Avatar.ID); err != nil || len(payload) == 0 {
		t.Fatalf("own avatar data: %v", err)
	}
	data := s.iq(t, stanza.GetIQ, a.Account(), `<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='`+profile.NodeAvatarData+`'><item id='`+p.Avatar.ID+`'/></items></pubsub>`)
	if isErrorIQ(data) || !strings.Contains(data, "<data") {
		t.Errorf("mixed: the stranger cannot fetch the avatar data:\n%s", data)
	}
	// So does a Parley stranger: the nodes he may not read do not hide
	// those he may.
	ps, _ := online(t, srv)
	sp, err := ps.GetProfile(ctx, a.Account())
	if err != nil || sp.Nickname != "Alice" || sp.Avatar.ID != p.Avatar.ID || sp.MobileNumber != "" || sp.Email != "" || sp.Status != "" {
		t.Errorf("mixed: a Parley stranger reads %+v (%v), want nickname and avatar only", sp, err)
	}
	contactReadsAll(t, ctx, b, a.Account(), "mixed")
	cp, err := b.GetProfile(ctx, a.Account())
	if err != nil || cp.Status != "private status words" {
		t.Fatalf("mixed: the contact reads status %q (%v)", cp.Status, err)
	}

	// Back to contacts closes the nickname and avatar nodes again.
	u.Image, u.Visibility = "", profile.VisibilityContacts
	if _, err := a.UpdateProfile(ctx, u); err != nil {
		t.Fatalf("back to contacts: %v", err)
	}
	back := doors(t, s, a.Account())
	for _, door := range []string{"vCard4", "nickname", "avatar metadata"} {
		if !isErrorIQ(back[door]) {
			t.Errorf("back to contacts: the stranger still reads the %s node:\n%s", door, back[door])
		}
	}
	for _, l := range secretsIn(back, "15550199", privateEmail, "private status words") {
		t.Error("back to contacts, stranger: " + l)
	}
}
