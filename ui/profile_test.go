package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

func TestProfileViewUpdatesInPlace(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	s.profiles["bob@example.org"] = profile.Profile{JID: "bob@example.org", Nickname: "Bobby", Email: "bob@example.org", MobileNumber: "+491701234567"}
	press(t, m, "p") // Bob is under the cursor
	if m.screen != screenProfile || m.view.jid != "bob@example.org" {
		t.Fatalf("screen %v view %q", m.screen, m.view.jid)
	}
	mustShow(t, m, "Bobby", "bob@example.org", "+491701234567", "● online", "at lunch")
	send(t, m, xmppclient.ProfileEvent{Profile: profile.Profile{JID: "bob@example.org", Nickname: "Robert", Status: "new job"}})
	mustShow(t, m, "Robert", "new job")
	mustNotShow(t, m, "Bobby")
	send(t, m, xmppclient.PresenceEvent{From: "bob@example.org", Show: xmppclient.ShowAway, StatusText: "brb"})
	mustShow(t, m, "◐ away", "brb")
	// An event for someone else changes nothing here.
	send(t, m, xmppclient.ProfileEvent{Profile: profile.Profile{JID: "carol@example.org", Nickname: "Caz"}})
	mustNotShow(t, m, "Caz")
	press(t, m, "esc")
	if m.screen != screenContacts {
		t.Fatal("esc did not go back")
	}
	mustShow(t, m, "Robert", "Caz") // nicknames reach the list too
}

func TestProfileViewNotFoundAndLastSeen(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	s.lastSeen["zoe@example.org"] = xmppclient.LastActivity{Seconds: 7200}
	press(t, m, "G", "p")
	mustShow(t, m, "No profile published yet.", "Last seen", "2 h ago", "Zoe")
}

func TestOwnProfileAndEditSuccess(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	press(t, m, "o")
	mustShow(t, m, "Your profile", "Alice", "writing code")
	press(t, m, "e")
	if m.screen != screenEdit {
		t.Fatal("e did not open the editor")
	}
	if m.edit.form.get(profile.FieldNickname).value() != "Alice" || m.edit.form.get(profile.FieldStatus).value() != "writing code" {
		t.Fatal("the editor is not prefilled")
	}
	press(t, m, "ctrl+u", "Alice L.", "tab", "tab", "ctrl+u", "reviewing", "ctrl+s")
	if len(s.updates) != 1 {
		t.Fatalf("updates = %+v", s.updates)
	}
	u := s.updates[0]
	if u.Nickname != "Alice L." || u.Status != "reviewing" || u.Image != "" {
		t.Fatalf("update = %+v", u)
	}
	if m.screen != screenProfile || m.view.jid != "alice@example.org" {
		t.Fatalf("after saving: screen %v", m.screen)
	}
	mustShow(t, m, "Alice L.", "reviewing", "Profile published.")
	press(t, m, "esc")
	if m.screen != screenContacts {
		t.Fatalf("back from the profile went to %v, want contacts (the editor is gone)", m.screen)
	}
}

func TestEditInvalidFieldShownAtField(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30)
	press(t, m, "e", "tab", "tab", "tab", "abc", "tab", "not an email")
	mobile := m.edit.form.get(profile.FieldMobile)
	email := m.edit.form.get(profile.FieldEmail)
	if mobile.err == "" || email.err == "" {
		t.Fatalf("errors: mobile %q email %q", mobile.err, email.err)
	}
	// Each error is drawn right under its field.
	lines := strings.Split(screenText(m), "\n")
	for i, l := range lines {
		if strings.Contains(l, "Mobile") && !strings.Contains(lines[i+1], "✗ The mobile number") {
			t.Fatalf("no error under Mobile:\n%s", screenText(m))
		}
		if strings.Contains(l, "E-mail") && !strings.Contains(lines[i+1], "✗ The e-mail address") {
			t.Fatalf("no error under E-mail:\n%s", screenText(m))
		}
	}
	press(t, m, "ctrl+s")
	if len(s.updates) != 0 {
		t.Fatal("published invalid fields")
	}
	mustShow(t, m, "Could not check the fields")
	if m.edit.form.focused().key != profile.FieldMobile {
		t.Fatal("focus not on the first bad field")
	}
}

func TestEditFailedPublishKeepsFormAndNamesStep(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30)
	s.updateErr = errtext.New(errtext.Unavailable, "The server did not answer in time.")
	press(t, m, "e", "ctrl+u", "Al", "tab", "tab", "ctrl+u", "busy", "ctrl+s")
	if m.screen != screenEdit {
		t.Fatal("left the editor after a failure")
	}
	mustShow(t, m, "Could not publish the profile: The server did not answer in time.")
	if m.edit.form.get(profile.FieldNickname).value() != "Al" || m.edit.form.get(profile.FieldStatus).value() != "busy" {
		t.Fatal("the editor lost what was typed")
	}
	if m.edit.saving {
		t.Fatal("still saving")
	}
	// Fixed server: saving again works.
	s.updateErr = nil
	press(t, m, "ctrl+s")
	if m.screen != screenProfile {
		t.Fatal("second save did not succeed")
	}
}

func TestCtrlCOnDirtyEditAsks(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30)
	press(t, m, "e", "x")
	cmd := m.update(keyMsgs("ctrl+c")[0])
	if cmd != nil {
		t.Fatal("ctrl+c on a dirty edit quit at once")
	}
	mustShow(t, m, "Quit and lose your unsaved changes?")
	press(t, m, "n")
	if m.confirm != nil || m.edit.form.get(profile.FieldNickname).value() != "Alicex" {
		t.Fatal("saying no lost the edit")
	}
	m.update(keyMsgs("ctrl+c")[0])
	if cmd := m.update(keyMsgs("y")[0]); cmd == nil || cmd() != quitMsg() {
		t.Fatal("y did not quit")
	}
	// A clean editor quits at once.
	m2, _, _ := loggedIn(t, 100, 30)
	press(t, m2, "e")
	if cmd := m2.update(keyMsgs("ctrl+c")[0]); cmd == nil || cmd() != quitMsg() {
		t.Fatal("ctrl+c on a clean edit did not quit")
	}
}

func TestEscOnDirtyEditAsks(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30)
	press(t, m, "e", "x", "esc")
	mustShow(t, m, "Discard your changes to the profile?")
	press(t, m, "y")
	if m.screen != screenContacts || m.edit.active {
		t.Fatalf("screen %v after discarding", m.screen)
	}
}

// writePNG writes a w×h PNG, left half red and right half blue.
func writePNG(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{255, 0, 0, 255}
			if x >= w/2 {
				c = color.NRGBA{0, 0, 255, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "avatar.png")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEditPreviewsNewImageBeforeSaving(t *testing.T) {
	m, _, s := loggedIn(t, 100, 30)
	path := writePNG(t, 64, 64)
	press(t, m, "e", "tab", path, "tab")
	if m.edit.preview == nil {
		t.Fatalf("no preview; image error %q", m.edit.form.get(profile.FieldImage).err)
	}
	mustShow(t, m, "new image", "▀")
	if len(s.updates) != 0 {
		t.Fatal("previewing published")
	}
	view := m.View().Content
	if !strings.Contains(view, "38;2;255;0;0") || !strings.Contains(view, "38;2;0;0;255") {
		t.Fatal("the preview is not drawn in true colour")
	}
	press(t, m, "ctrl+s")
	if len(s.updates) != 1 || s.updates[0].Image != path {
		t.Fatalf("updates = %+v", s.updates)
	}
	// The save hands the previewed image on, so it is not read again.
	if av := s.updates[0].Avatar; av == nil || len(av.Data) == 0 || av.ID != profile.AvatarID(av.Data) {
		t.Fatalf("the save did not carry the previewed image: %+v", av)
	}
	// On a narrow screen the preview goes under the form.
	m2, _, _ := loggedIn(t, 60, 20)
	press(t, m2, "e", "tab", path, "tab")
	mustShow(t, m2, "new image", "▀")
	assertFrame(t, m2, "edit with preview", 60, 20)
}

func TestEditPreviewOfMissingFile(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30)
	press(t, m, "e", "tab", "/nonexistent/x.png", "tab")
	mustShow(t, m, "✗ The image file /nonexistent/x.png does not exist.")
}

// The editor publishes through Backend.SaveProfile, once per save, and
// keeps its own field checks in front of it.
func TestEditSavesThroughBackend(t *testing.T) {
	m, b, s := loggedIn(t, 100, 30)
	press(t, m, "e", "ctrl+u", "Al", "ctrl+s")
	if b.saves != 1 || len(s.updates) != 1 || s.updates[0].Nickname != "Al" {
		t.Fatalf("saves %d, updates %+v; want one save publishing Al", b.saves, s.updates)
	}
	press(t, m, "/nick Alfred", "enter")
	if b.saves != 2 || s.updates[1].Nickname != "Alfred" {
		t.Fatalf("/nick: saves %d, updates %+v", b.saves, s.updates)
	}
}

// Without a nickname the JID stands for the name: it is shown once, on the
// own card and in a profile, and the missing nickname is said.
func TestNameWithoutNicknameShownOnce(t *testing.T) {
	s := newFakeSession("alice@example.org")
	s.contacts = []xmppclient.Contact{{JID: "dave@example.org", Show: xmppclient.ShowOnline, Subscription: "both"}}
	b := &fakeBackend{accounts: []Account{{JID: "alice@example.org", HasSecret: true}}, stored: true, password: "pw", session: s}
	m := newTestModel(t, b, 100, 30)
	drain(t, m, m.Init())
	press(t, m, "enter")
	if m.screen != screenContacts {
		t.Fatalf("not logged in:\n%s", screenText(m))
	}
	card := strings.Join(strings.Split(screenText(m), "\n")[:cardHeight], "\n")
	if n := strings.Count(card, "alice@example.org"); n != 1 {
		t.Fatalf("the own card shows the JID %d times:\n%s", n, card)
	}
	mustShow(t, m, "no nickname · e sets one")
	press(t, m, "p")
	if m.view.jid != "dave@example.org" {
		t.Fatalf("profile of %q", m.view.jid)
	}
	body := screenText(m)
	if n := strings.Count(body, "dave@example.org"); n != 1 {
		t.Fatalf("the profile shows the JID %d times:\n%s", n, body)
	}
}

// A long status in a profile wraps under itself instead of being cut.
func TestProfileLongValueWraps(t *testing.T) {
	m, _, s := loggedIn(t, 60, 24, sampleContacts()...)
	long := "writing the quarterly report, then a long walk by the river, then dinner with friends"
	s.profiles["bob@example.org"] = profile.Profile{JID: "bob@example.org", Nickname: "Bobby", Status: long}
	press(t, m, "p")
	// The avatar's letters sit beside the rows: look for the parts.
	s2 := screenText(m)
	if strings.Contains(s2, ellipsis) || !strings.Contains(s2, "writing the quarterly") || !strings.Contains(s2, "with friends") {
		t.Fatalf("the status is cut:\n%s", s2)
	}
}
