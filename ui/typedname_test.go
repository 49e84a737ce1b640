package ui

import (
	"strings"
	"testing"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// The mobile number is shown as typed, in the editor and the profile
// after saving, and a contact's as it was published.
func TestMobileShownAsTyped(t *testing.T) {
	const typed = "+44 20 7946 0958"
	m, _, s := loggedIn(t, 100, 30, sampleContacts()...)
	press(t, m, "o", "e")
	m.edit.form.focusKey(profile.FieldMobile)
	press(t, m, typed, "ctrl+s")
	if len(s.updates) != 1 || s.updates[0].MobileNumber != typed {
		t.Fatalf("updates %+v", s.updates)
	}
	if m.screen != screenProfile {
		t.Fatalf("not back on the profile:\n%s", screenText(m))
	}
	mustShow(t, m, typed)
	press(t, m, "e")
	if got := m.edit.form.get(profile.FieldMobile).value(); got != typed {
		t.Fatalf("the editor holds %q, want %q", got, typed)
	}
	press(t, m, "esc", "esc")

	send(t, m, xmppclient.ProfileEvent{Profile: profile.Profile{JID: "bob@example.org", Nickname: "Bob", MobileNumber: "+1 (555) 010-9999"}})
	s.profiles["bob@example.org"] = profile.Profile{JID: "bob@example.org", Nickname: "Bob", MobileNumber: "+1 (555) 010-9999"}
	m.reset(screenContacts)
	press(t, m, "p")
	if m.view.jid != "bob@example.org" {
		t.Fatalf("profile of %q", m.view.jid)
	}
	mustShow(t, m, "+1 (555) 010-9999")
}

// Without a nickname or roster name the chat's head names the JID once.
func TestChatHeadNameWithoutNicknameOnce(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, xmppclient.Contact{JID: "dave@example.org", Show: xmppclient.ShowOnline, Subscription: "both"})
	press(t, m, "enter")
	if m.screen != screenChat {
		t.Fatalf("not in the chat:\n%s", screenText(m))
	}
	head := strings.Split(screenText(m), "\n")
	var line string
	for _, l := range head {
		if strings.Contains(l, "dave@example.org") {
			line = l
			break
		}
	}
	if n := strings.Count(line, "dave@example.org"); n != 1 {
		t.Fatalf("the chat head shows the JID %d times: %q", n, line)
	}
	// With a name, the JID follows it.
	m2, _, _ := loggedIn(t, 100, 30, sampleContacts()...)
	press(t, m2, "enter") // Bob
	mustShow(t, m2, "Bob  bob@example.org")
}
