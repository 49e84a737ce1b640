package ui

import (
	"fmt"
	"testing"
	"time"

	"github.com/parley-im/parley/xmppclient"
)

// The restart after a burst: messages stored before the crash were stamped
// on arrival (to the nanosecond), those the server kept meanwhile come
// stamped to the second, within the same second. The chat ends with the
// newest message whether the chat's newest page merges before or after
// the catch-up's events, and an older page scrolled to goes above.
func TestChatLogKeepsTheHistoryOrderWithinASecond(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 7, 30, 1, 0, time.UTC)
	live := func(i int) chatLine {
		return chatLine{at: t0.Add(time.Duration(500+i) * time.Millisecond), body: fmt.Sprint("burst ", i), localID: fmt.Sprint(i + 1), id: fmt.Sprint("m", i)}
	}
	kept := func(i int) xmppclient.MessageEvent {
		return xmppclient.MessageEvent{From: "b@example.org", Time: t0, Body: fmt.Sprint("burst ", i), LocalID: fmt.Sprint(i + 1), ID: fmt.Sprint("m", i), StanzaID: fmt.Sprint("s", i)}
	}
	for _, pageFirst := range []bool{true, false} {
		s := newStore("a@example.org", xmppclient.StatusConnected, nil, time.Now)
		log := s.chat("b@example.org")
		var page []chatLine
		for i := 10; i < 20; i++ {
			page = append(page, live(i))
		}
		if pageFirst {
			log.merge(page)
		}
		for i := 20; i < 30; i++ {
			s.addMessage(kept(i))
		}
		if !pageFirst {
			log.merge(page)
		}
		var older []chatLine
		for i := range 10 {
			older = append(older, live(i))
		}
		log.merge(older)
		for i, l := range log.lines {
			if want := fmt.Sprint("burst ", i); l.body != want {
				t.Fatalf("page merged first %v: line %d is %q, want %q", pageFirst, i, l.body, want)
			}
		}
	}
}
