package ui

import (
	"fmt"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/xmppclient"
)

// pump forwards a session's events into the running program, each as a
// message (the xmppclient event value itself). Run sets send to
// Program.Send; model tests leave it nil and feed events to Update.
type pump struct {
	mu   sync.Mutex
	send func(tea.Msg)
	stop func()
	gen  int
}

func (p *pump) setSend(f func(tea.Msg)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.send = f
}

// attach subscribes to s and starts forwarding; any earlier session's
// subscription ends. It is called inside the log-in Cmd, before the
// roster snapshot is read, so that no change between the two is lost.
func (p *pump) attach(s Session) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.detachLocked()
	if p.send == nil || s == nil {
		return
	}
	ch, unsubscribe := s.Subscribe()
	p.stop = unsubscribe
	p.gen++
	gen, send := p.gen, p.send
	go func() {
		for ev := range ch {
			send(coalesce(ev, ch))
		}
		p.mu.Lock()
		current := p.gen == gen && p.stop != nil
		p.mu.Unlock()
		if current {
			send(sessionClosedMsg{})
		}
	}()
}

// eventsMsg is a run of events that were already waiting in the stream,
// applied in one Update. Bubble Tea calls View after every message, so a
// burst (a roster's presences at log-in) sent one event at a time costs a
// full redraw per event: seconds for thousands, while the events queue up
// behind them.
type eventsMsg []xmppclient.Event

// coalesce returns ev alone, or with the events queued behind it as one
// eventsMsg. It never waits for more.
func coalesce(ev xmppclient.Event, ch <-chan xmppclient.Event) tea.Msg {
	var run eventsMsg
	for len(run) < maxEventRun {
		select {
		case next, ok := <-ch:
			if !ok {
				return runOrOne(ev, run)
			}
			if run == nil {
				run = eventsMsg{ev}
			}
			run = append(run, next)
		default:
			return runOrOne(ev, run)
		}
	}
	return run
}

// maxEventRun bounds one eventsMsg, so that a flood that never pauses
// still reaches the screen in steps.
const maxEventRun = 2048

func runOrOne(ev xmppclient.Event, run eventsMsg) tea.Msg {
	if run == nil {
		return ev
	}
	return run
}

// handleEvents applies a run of events in order.
func (m *Model) handleEvents(evs eventsMsg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(evs))
	for _, ev := range evs {
		if cmd := m.handleEvent(ev); cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	return tea.Batch(cmds...)
}

// detach ends the current subscription, if any.
func (p *pump) detach() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.detachLocked()
}

func (p *pump) detachLocked() {
	if p.stop != nil {
		p.stop()
		p.stop = nil
	}
	p.gen++
}

// handleEvent applies one session event to the store, then does what the
// change asks of the root: a notice, a last-seen question, a timer.
func (m *Model) handleEvent(ev xmppclient.Event) tea.Cmd {
	if m.awaiting && m.session == nil {
		m.early = append(m.early, ev)
		return nil
	}
	m.dropAvatars(ev)
	ch := m.state.Apply(ev)
	wasStale := m.trackStale(ev)
	switch {
	case ch.reconnected:
		// No last-seen round: the presences the server sends again say
		// who is away, and a restarted server would answer "just now".
		if ce, ok := ev.(xmppclient.ConnectionEvent); ok && ce.Resumed {
			m.info("Connected again: the stream was resumed, nothing was missed.")
			return nil
		}
		m.info("Connected again.")
		return nil
	case ch.connection:
		return m.tick()
	case ch.wentOffline != "" && !wasStale && !m.state.conn.lost:
		return m.askLastSeen(ch.wentOffline, true)
	case isReconfigured(ev):
		m.info(reconfiguredNote(ev.(xmppclient.NodeReconfiguredEvent)))
	case ch.request != "" && m.screen != screenContacts:
		m.info(fmt.Sprintf("%s asks to see your presence: answer on the contact list (%s/%s).", clean(ch.request),
			m.keys.Accept.Help().Key, m.keys.Refuse.Help().Key))
	}
	return nil
}
