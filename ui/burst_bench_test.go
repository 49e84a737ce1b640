package ui

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// burstModel wraps the real model in a real tea.Program to count and time
// View calls and to notice, on the program's goroutine, when the roster is
// loaded and when the last event of a burst has been applied.
type burstModel struct {
	m     *Model
	n     int    // contacts expected on the list
	last  string // JID whose nickname marks the end of the burst
	final string // that nickname

	mu      sync.Mutex
	views   []time.Duration
	updates int
	ready   chan struct{}
	done    chan struct{}
	readyOK bool
	doneOK  bool
	doneAt  time.Time
	// viewsAtDone is len(views) when the burst was applied.
	viewsAtDone int
}

func (b *burstModel) Init() tea.Cmd { return b.m.Init() }

func (b *burstModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := b.m.Update(msg)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.updates++
	if !b.readyOK && b.m.screen == screenContacts && b.m.state.roster.len() == b.n {
		b.readyOK = true
		close(b.ready)
	}
	if b.readyOK && !b.doneOK && b.m.state.profiles[b.last].Nickname == b.final {
		b.doneOK = true
		b.doneAt = time.Now()
		b.viewsAtDone = len(b.views)
		close(b.done)
	}
	return b, cmd
}

func (b *burstModel) View() tea.View {
	start := time.Now()
	v := b.m.View()
	d := time.Since(start)
	b.mu.Lock()
	b.views = append(b.views, d)
	b.mu.Unlock()
	return v
}

// heapInUse returns the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// burstEvents makes n events for contacts user00000… of manyContacts(c):
// presences and profiles alternate; the last one is a profile of the last
// contact with nickname "burst-end".
func burstEvents(n, c int) []xmppclient.Event {
	shows := []xmppclient.Show{xmppclient.ShowOnline, xmppclient.ShowAway, xmppclient.ShowDND, xmppclient.ShowOffline}
	evs := make([]xmppclient.Event, 0, n)
	for i := 0; i < n-1; i++ {
		jid := fmt.Sprintf("user%05d@example.org", i%c)
		if i%2 == 0 {
			evs = append(evs, xmppclient.PresenceEvent{From: jid, Resource: "r", Show: shows[(i/2)%len(shows)], StatusText: fmt.Sprint("s", i)})
		} else {
			evs = append(evs, xmppclient.ProfileEvent{Profile: profile.Profile{JID: jid, Nickname: fmt.Sprintf("nick %d", i), Status: "st"}})
		}
	}
	return append(evs, xmppclient.ProfileEvent{Profile: profile.Profile{JID: fmt.Sprintf("user%05d@example.org", c-1), Nickname: "burst-end"}})
}

// BenchmarkEventBurst sends 5,000 presence and profile events at once
// through the session's event stream into a running program (output
// discarded) showing 1,000 contacts. It reports how long the burst takes
// to be applied, View calls per event (Bubble Tea calls View after every
// Update and flushes at its frame rate), the median and slowest View
// during the burst, and the live heap after the burst compared with
// before it.
func BenchmarkEventBurst(b *testing.B) {
	const contacts, events = 1000, 5000
	evs := burstEvents(events, contacts)
	var apply, viewP50, viewMax, perEvent, heapDelta, heapGrowth []float64
	for i := 0; i < b.N; i++ {
		s := newFakeSession("alice@example.org")
		s.contacts = manyContacts(contacts)
		// The events reach the model the way a real session's do: through
		// a subscription of xmppclient's event bus.
		bus := &xmppclient.EventBus{}
		stream, unsubscribe := bus.Subscribe()
		bs := &busSession{fakeSession: s, events: stream, unsubscribe: unsubscribe}
		be := &busBackend{fakeBackend: &fakeBackend{accounts: []Account{{JID: "alice@example.org", HasSecret: true}}, stored: true, password: "pw", session: s}, session: bs}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		m := NewModel(ctx, Options{Account: "alice@example.org", Backend: be, Width: 120, Height: 40})
		w := &burstModel{m: m, n: contacts, last: fmt.Sprintf("user%05d@example.org", contacts-1), final: "burst-end",
			ready: make(chan struct{}), done: make(chan struct{})}
		in, keys := io.Pipe()
		p := tea.NewProgram(w, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(io.Discard),
			tea.WithEnvironment([]string{"TERM=xterm-256color"}), tea.WithWindowSize(120, 40))
		m.pump.setSend(p.Send)
		ran := make(chan error, 1)
		go func() { _, err := p.Run(); ran <- err }()
		select {
		case <-w.ready:
		case <-ctx.Done():
			b.Fatal("the contact list never showed 1,000 contacts")
		}
		time.Sleep(100 * time.Millisecond) // let the start-up settle
		before := heapInUse()

		took, burstViews, after := runBurst(b, w, p, bus.Publish, evs, "burst-end")
		// The same burst again: the live heap should not grow further.
		evs2 := slices.Clone(evs)
		evs2[len(evs2)-1] = xmppclient.ProfileEvent{Profile: profile.Profile{JID: w.last, Nickname: "burst-end-2"}}
		_, _, after2 := runBurst(b, w, p, bus.Publish, evs2, "burst-end-2")

		if _, err := keys.Write([]byte("q")); err != nil {
			b.Fatal(err)
		}
		if err := <-ran; err != nil {
			b.Fatal(err)
		}
		keys.Close()
		cancel()
		bus.Close()
		checkBurstApplied(b, m, evs2)

		slices.Sort(burstViews)
		apply = append(apply, ms(took))
		viewP50 = append(viewP50, ms(burstViews[len(burstViews)/2]))
		viewMax = append(viewMax, ms(burstViews[len(burstViews)-1]))
		perEvent = append(perEvent, float64(len(burstViews))/events)
		heapDelta = append(heapDelta, (float64(after)-float64(before))/1024)
		heapGrowth = append(heapGrowth, (float64(after2)-float64(after))/1024)
	}
	b.ReportMetric(median(apply), "ms-apply")
	b.ReportMetric(median(viewP50), "ms-view-p50")
	b.ReportMetric(median(viewMax), "ms-view-max")
	b.ReportMetric(median(perEvent), "views/event")
	b.ReportMetric(median(heapDelta), "KB-heap-delta")
	b.ReportMetric(median(heapGrowth), "KB-heap-growth-2nd")
	b.ReportMetric(0, "ns/op")
}

// runBurst sends evs into the stream and waits until the model has applied
// them (the last event sets the last contact's nickname to final) and drawn
// once more. It returns how long that took, the View durations since the
// burst began, and the live heap afterwards.
func runBurst(b *testing.B, w *burstModel, p *tea.Program, publish func(xmppclient.Event), evs []xmppclient.Event, final string) (time.Duration, []time.Duration, uint64) {
	b.Helper()
	w.mu.Lock()
	views0 := len(w.views)
	w.final, w.doneOK, w.done = final, false, make(chan struct{})
	done := w.done
	w.mu.Unlock()
	start := time.Now()
	// Pushed in one go, as a session publishes: the bus queues what its
	// subscription's channel cannot hold yet.
	for _, ev := range evs {
		publish(ev)
	}
	select {
	case <-done:
	case <-time.After(time.Minute):
		b.Fatal("the burst was not applied")
	}
	// The View that follows the last Update belongs to the burst.
	for {
		w.mu.Lock()
		drawn := len(w.views) > w.viewsAtDone
		w.mu.Unlock()
		if drawn {
			break
		}
		time.Sleep(time.Millisecond)
	}
	w.mu.Lock()
	took := w.doneAt.Sub(start)
	burstViews := slices.Clone(w.views[views0:])
	updates := w.updates
	w.mu.Unlock()
	// One more message, so that the program no longer holds the
	// burst's last one, before the heap is measured.
	p.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	for {
		w.mu.Lock()
		n := w.updates
		w.mu.Unlock()
		if n > updates {
			break
		}
		time.Sleep(time.Millisecond)
	}
	after := heapInUse()
	return took, burstViews, after
}

// checkBurstApplied compares the model with the last event of each kind
// per contact.
func checkBurstApplied(b *testing.B, m *Model, evs []xmppclient.Event) {
	b.Helper()
	shows := map[string]xmppclient.Show{}
	nicks := map[string]string{}
	for _, ev := range evs {
		switch ev := ev.(type) {
		case xmppclient.PresenceEvent:
			shows[bare(ev.From)] = ev.Show
		case xmppclient.ProfileEvent:
			nicks[ev.Profile.JID] = ev.Profile.Nickname
		}
	}
	for jid, show := range shows {
		if e, ok := m.state.roster.get(jid); !ok || e.show != show {
			b.Fatalf("%s: presence not applied (want %s)", jid, show)
		}
	}
	for jid, nick := range nicks {
		if m.state.profiles[jid].Nickname != nick {
			b.Fatalf("%s: nickname %q, want %q", jid, m.state.profiles[jid].Nickname, nick)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// busSession is the fake session with its events from a real event-bus
// subscription.
type busSession struct {
	*fakeSession
	events      <-chan xmppclient.Event
	unsubscribe func()
}

func (s *busSession) Subscribe() (<-chan xmppclient.Event, func()) { return s.events, s.unsubscribe }

// busBackend logs in as fakeBackend does and hands out the busSession.
type busBackend struct {
	*fakeBackend
	session *busSession
}

func (b *busBackend) Login(ctx context.Context, req LoginRequest) (Session, error) {
	if _, err := b.fakeBackend.Login(ctx, req); err != nil {
		return nil, err
	}
	return b.session, nil
}
