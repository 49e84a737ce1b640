package ui

import (
	"fmt"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/profile"
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

// bare strips the resource from a JID.
func bare(jid string) string {
	if i := strings.IndexByte(jid, '/'); i >= 0 {
		return jid[:i]
	}
	return jid
}

// handleEvent applies one session event to the shared state. Screens read
// that state when they render, so an open profile view or chat updates in
// place.
func (m *Model) handleEvent(ev xmppclient.Event) tea.Cmd {
	if m.awaiting && m.session == nil {
		m.early = append(m.early, ev)
		return nil
	}
	switch ev := ev.(type) {
	case xmppclient.ConnectionEvent:
		if m.conn.apply(ev) {
			m.info("Connected again.")
			return m.refreshLastSeen(true)
		}
		return m.tick()
	case xmppclient.PresenceEvent:
		if bare(ev.From) == m.account {
			return nil // our own other resources
		}
		wentOffline, known := m.roster.presence(ev)
		if known && wentOffline {
			return m.askLastSeen(ev.From, true)
		}
	case xmppclient.RosterEvent:
		if ev.Removed {
			m.roster.remove(ev.Contact.JID)
			return nil
		}
		m.roster.upsert(ev.Contact)
		if p, ok := m.profiles[ev.Contact.JID]; ok {
			m.roster.setNick(ev.Contact.JID, p.Nickname)
		}
	case xmppclient.SubscriptionRequestEvent:
		for _, r := range m.requests {
			if r == ev.From {
				return nil
			}
		}
		m.requests = append(m.requests, ev.From)
		if m.screen != screenContacts {
			m.info(fmt.Sprintf("%s asks to see your presence: answer on the contact list (y/n).", clean(ev.From)))
		}
	case xmppclient.MessageEvent:
		from := bare(ev.From)
		at := ev.Time
		if at.IsZero() {
			at = m.now()
		}
		m.chatLog(from).add(chatLine{at: at, from: from, body: ev.Body})
		if !(m.screen == screenChat && m.chat.jid == from) {
			m.unread[from]++
		}
	case xmppclient.ProfileEvent:
		m.setProfile(ev.Profile)
	}
	return nil
}

// setProfile records a profile (from an event or a fetch).
func (m *Model) setProfile(p profile.Profile) {
	jid := bare(p.JID)
	if jid == "" {
		return
	}
	m.profiles[jid] = p
	m.roster.setNick(jid, p.Nickname)
}
