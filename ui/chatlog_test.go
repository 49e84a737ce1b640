package ui

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/parley-im/parley/xmppclient"
)

// The restart after a burst: messages stored before the crash were stamped
// on arrival (to the nanosecond), those the server kept meanwhile come
// stamped to the second, offline copies up to a second after the
// archive's (here the last one came from the archive). The chat keeps the
// order of arrival and ends with the newest message, whether the chat's
// newest page merges before or after the catch-up's events, and an older
// page scrolled to goes above.
func TestChatLogKeepsTheHistoryOrderWithinASecond(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 7, 30, 1, 0, time.UTC)
	live := func(i int) chatLine {
		return chatLine{at: t0.Add(time.Duration(500+i) * time.Millisecond), body: fmt.Sprint("burst ", i), localID: fmt.Sprint(i + 1), id: fmt.Sprint("m", i)}
	}
	kept := func(i int) xmppclient.MessageEvent {
		at := t0.Add(time.Second) // offline copies
		if i == 29 {
			at = t0 // the archive's
		}
		return xmppclient.MessageEvent{From: "b@example.org", Time: at, Body: fmt.Sprint("burst ", i), LocalID: fmt.Sprint(i + 1), ID: fmt.Sprint("m", i), StanzaID: fmt.Sprint("s", i)}
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
		// The history's newest page, all shown already.
		log.merge(slices.Clone(log.lines[len(log.lines)-15:]))
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

// A gap the archive fills after a reconnect goes above the live messages
// that came meanwhile; the archive's messages keep their own order.
func TestArchivedMessagesFillTheGapAboveLiveOnes(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 7, 30, 0, 0, time.UTC)
	s := newStore("a@example.org", xmppclient.StatusConnected, nil, time.Now)
	msg := func(body string, at time.Time, archived bool) xmppclient.MessageEvent {
		return xmppclient.MessageEvent{From: "b@example.org", Time: at, Body: body, ID: body, Archived: archived}
	}
	s.addMessage(msg("before the break", t0, false))
	s.addMessage(msg("live after", t0.Add(time.Minute), false))
	s.addMessage(msg("during the break 1", t0.Add(20*time.Second), true))
	s.addMessage(msg("during the break 2", t0.Add(21*time.Second), true))
	s.addMessage(msg("live at once", t0.Add(time.Minute), true)) // within the slack: as it came
	var got []string
	for _, l := range s.chat("b@example.org").lines {
		got = append(got, l.body)
	}
	if want := "[before the break during the break 1 during the break 2 live after live at once]"; fmt.Sprint(got) != want {
		t.Errorf("chat is %v, want %v", got, want)
	}
}
