package xmppclient

import "testing"

// A presence equal to the one last reported is no news; after a log-in the
// contacts that were available are waited for, and those never heard
// from are reported offline when the window ends, once.
func TestPresenceToldOnceAndResync(t *testing.T) {
	var r rosterState
	r.init()
	const b, c, d = "b@example.org", "c@example.org", "d@example.org"
	tell := func(p PresenceEvent) bool {
		agg := r.setPresence(p.From, "res", p)
		news, _ := r.tell(agg)
		return news
	}
	if !tell(PresenceEvent{From: b, Show: ShowOnline, StatusText: "hi"}) || !tell(PresenceEvent{From: c, Show: ShowAway}) || !tell(PresenceEvent{From: d, Show: ShowOffline}) {
		t.Fatal("a first presence was not news")
	}
	if tell(PresenceEvent{From: b, Show: ShowOnline, StatusText: "hi"}) {
		t.Fatal("a repeated presence was news")
	}
	if !tell(PresenceEvent{From: b, Show: ShowOnline, StatusText: "hi", HasPhotoUpdate: true, PhotoHash: "abc"}) {
		t.Fatal("a new photo hash was not news")
	}

	gen, heard := r.beginResync()
	select {
	case <-heard:
		t.Fatal("heard all before anyone answered")
	default:
	}
	if c, ok := r.items[b]; !ok || c.contact.Show != ShowOffline {
		t.Fatal("the presence of the session before was kept")
	}
	if tell(PresenceEvent{From: b, Show: ShowOnline, StatusText: "hi", HasPhotoUpdate: true, PhotoHash: "abc"}) {
		t.Fatal("b, unchanged over the break, was news")
	}
	if tell(PresenceEvent{From: d, Show: ShowOffline, StatusText: "bye"}) {
		t.Fatal("d, offline before and after, was news")
	}
	select {
	case <-heard:
		t.Fatal("heard all while c is unheard")
	default:
	}
	out := r.endResync(gen)
	if len(out) != 1 || out[0].From != c || out[0].Show != ShowOffline {
		t.Fatalf("end of the window reported %+v, want c offline", out)
	}
	if again := r.endResync(gen); len(again) != 0 || r.resyncing() {
		t.Fatalf("the window ended twice: %+v", again)
	}

	// The next log-in waits for b only (c is told offline now); hearing
	// b closes heard, and an old window's end changes nothing.
	gen2, heard := r.beginResync()
	if got := r.endResync(gen); got != nil || !r.resyncing() {
		t.Fatalf("an old window's end closed the new one: %+v", got)
	}
	if !tell(PresenceEvent{From: b, Show: ShowDND}) {
		t.Fatal("b's change over the break was not news")
	}
	select {
	case <-heard:
	default:
		t.Fatal("not heard all after b answered")
	}
	if out := r.endResync(gen2); len(out) != 0 {
		t.Fatalf("end of the window reported %+v, want nothing", out)
	}
}

// The first news of a contact waited for after a reconnect is marked as
// such (the server's answer to the probe); the next is not, and neither
// is the news of a contact that was not waited for.
func TestFirstNewsAfterABreakIsMarked(t *testing.T) {
	var r rosterState
	r.init()
	const b, d = "b@example.org", "d@example.org"
	tell := func(p PresenceEvent) (bool, bool) {
		return r.tell(r.setPresence(p.From, "res", p))
	}
	tell(PresenceEvent{From: b, Show: ShowOnline})
	tell(PresenceEvent{From: d, Show: ShowOffline})
	r.beginResync()
	if news, after := tell(PresenceEvent{From: b, Show: ShowOffline}); !news || !after {
		t.Fatalf("b's offline after the break: news %v, after the break %v", news, after)
	}
	if news, after := tell(PresenceEvent{From: d, Show: ShowOnline}); !news || after {
		t.Fatalf("d, not waited for: news %v, after the break %v", news, after)
	}
	tell(PresenceEvent{From: b, Show: ShowOnline})
	if news, after := tell(PresenceEvent{From: b, Show: ShowOffline}); !news || after {
		t.Fatalf("b's later offline: news %v, after the break %v", news, after)
	}
}
