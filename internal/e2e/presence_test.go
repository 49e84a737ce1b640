package e2e

import (
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// TestAwayThenNickKeepsThePresenceText types /away TEXT and then /nick X
// in the UI: the contact (a second session) gets the new nickname and
// still sees TEXT, and the header shows TEXT. The UI's b then blocks the
// contact, who is marked blocked in the list.
func TestAwayThenNickKeepsThePresenceText(t *testing.T) {
	w := newWorld(t)
	tm := w.startUI()
	a, _ := registerUI(t, tm, unique(t, "away"))
	b := w.connect(w.newAccount())
	befriend(t, tm, b, a.jid)

	const text = "testing presence text"
	tm.Keys("/")
	tm.Type("away " + text)
	tm.Keys("Enter")
	tm.WaitFor(`◐ away — `+q(text), step)
	testenv.Eventually(t, step, b.jid+" sees the away presence", func() bool {
		ct, ok := b.c.Contact(a.jid)
		return ok && ct.Show == xmppclient.ShowAway && ct.StatusText == text
	})
	nick := "X" + unique(t, "")
	tm.Keys("/")
	tm.Type("nick " + nick)
	tm.Keys("Enter")
	tm.WaitFor(q(nick)+`\s+◐ away — `+q(text), step)
	deadline := time.After(step)
	for got := false; !got; {
		select {
		case ev := <-b.events:
			pe, ok := ev.(xmppclient.ProfileEvent)
			got = ok && pe.Profile.JID == a.jid && pe.Profile.Nickname == nick
		case <-deadline:
			t.Fatalf("%s got no profile event with the nickname %s", b.jid, nick)
		}
	}
	if ct, _ := b.c.Contact(a.jid); ct.Show != xmppclient.ShowAway || ct.StatusText != text {
		t.Fatalf("after /nick the contact sees %s %q", ct.Show, ct.StatusText)
	}

	tm.Keys("b")
	tm.WaitFor(`⊘ blocked`, step)
}
