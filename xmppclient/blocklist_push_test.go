package xmppclient_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// A blocklist push from the server is answered with a result and
// reported; one from anyone else is refused and changes nothing; an item
// without a usable jid is skipped, not a crash.
func TestBlocklistPushAnswered(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	replies := make(chan testenv.FakeStanza, 4)
	f.OnStanza(func(s *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name == "iq" && strings.HasPrefix(st.ID, "bl-") {
			replies <- st
			return true
		}
		return false
	})
	_, events, s := fakeOnline(t, f)
	push := func(id, from, payload string) testenv.FakeStanza {
		t.Helper()
		attr := ""
		if from != "" {
			attr = fmt.Sprintf(" from='%s'", from)
		}
		if err := s.Send(fmt.Sprintf("<iq type='set' id='%s'%s to='%s'>%s</iq>", id, attr, s.JID, payload)); err != nil {
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

	if r := push("bl-1", contactJID+"/pc", "<block xmlns='urn:xmpp:blocking'><item jid='x@example.org'/></block>"); r.Type != "error" {
		t.Fatalf("a stranger's push got %s: %s", r.Type, r.Inner)
	}
	if r := push("bl-2", "", "<block xmlns='urn:xmpp:blocking'><item/><item jid='@@'/><item jid='"+contactJID+"'/></block>"); r.Type != "result" {
		t.Fatalf("the server's block push got %s: %s", r.Type, r.Inner)
	}
	ev := waitFor(t, events, 5*time.Second, "the block event", func(ev xmppclient.Event) bool {
		_, ok := ev.(xmppclient.BlocklistEvent)
		return ok
	}).(xmppclient.BlocklistEvent)
	if ev.JID != contactJID || !ev.Blocked {
		t.Fatalf("first blocklist event %+v, want %s blocked (the stranger's push and bad items reported nothing)", ev, contactJID)
	}
	if r := push("bl-3", "", "<unblock xmlns='urn:xmpp:blocking'/>"); r.Type != "result" {
		t.Fatalf("the server's unblock-all push got %s: %s", r.Type, r.Inner)
	}
	waitFor(t, events, 5*time.Second, "the unblock-all event", func(ev xmppclient.Event) bool {
		be, ok := ev.(xmppclient.BlocklistEvent)
		return ok && be.JID == "" && !be.Blocked
	})
}
