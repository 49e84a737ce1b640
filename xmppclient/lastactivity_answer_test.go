package xmppclient_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// Parley answers XEP-0012 queries about its own idle time only for
// contacts subscribed to its presence; anyone else gets forbidden.
func TestLastActivityAnswersOnlyContacts(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	replies := make(chan testenv.FakeStanza, 4)
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name == "iq" && strings.HasPrefix(st.ID, "last-") {
			replies <- st
			return true
		}
		return false
	})
	_, events, s := fakeOnline(t, f)
	ask := func(id, from string) testenv.FakeStanza {
		t.Helper()
		q := fmt.Sprintf("<iq type='get' id='%s' from='%s' to='%s'><query xmlns='jabber:iq:last'/></iq>", id, from, s.JID)
		if err := s.Send(q); err != nil {
			t.Fatal(err)
		}
		select {
		case r := <-replies:
			return r
		case <-time.After(5 * time.Second):
			t.Fatalf("no answer to %s", id)
		}
		return testenv.FakeStanza{}
	}

	if r := ask("last-1", contactJID+"/pc"); r.Type != "error" || !strings.Contains(r.Inner, "forbidden") {
		t.Fatalf("a stranger got %s: %s", r.Type, r.Inner)
	}
	push := fmt.Sprintf("<iq type='set' id='push-1'><query xmlns='jabber:iq:roster' ver='2'><item jid='%s' subscription='both'/></query></iq>", contactJID)
	if err := s.Send(push); err != nil {
		t.Fatal(err)
	}
	waitFor(t, events, 5*time.Second, "the roster push", func(ev xmppclient.Event) bool {
		re, ok := ev.(xmppclient.RosterEvent)
		return ok && re.Contact.JID == contactJID && re.Contact.Subscription == "both"
	})
	if r := ask("last-2", contactJID+"/pc"); r.Type != "result" || !strings.Contains(r.Inner, "seconds=") {
		t.Fatalf("a contact got %s: %s", r.Type, r.Inner)
	}
}

// A roster push from anyone but our own account is refused (RFC 6121
// §2.1.6): a stranger must not be able to edit the contact list.
func TestRosterPushFromAStrangerIsRefused(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	replies := make(chan testenv.FakeStanza, 1)
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name == "iq" && st.ID == "evil-push" {
			replies <- st
			return true
		}
		return false
	})
	c, _, s := fakeOnline(t, f)
	push := fmt.Sprintf("<iq type='set' id='evil-push' from='%s/x'><query xmlns='jabber:iq:roster'><item jid='planted@localhost' subscription='both'/></query></iq>", contactJID)
	if err := s.Send(push); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-replies:
		if r.Type != "error" {
			t.Fatalf("the forged push was answered %s", r.Type)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no answer to the forged push")
	}
	if _, ok := c.Contact("planted@localhost"); ok {
		t.Fatal("a stranger planted a contact")
	}
}
