package xmppclient

import "sync"

// eventBus fans events out to every subscriber without ever blocking the
// session: publish only appends to each subscriber's queue, and one pump
// goroutine per subscriber moves the queue into its channel.
//
// A channel alone cannot do both: with a fixed buffer a burst (a roster of
// thousands coming online at once) either stalls the stanza handler or
// loses events. The queue grows instead, up to maxQueuedEvents waiting per
// subscriber (besides the batch its pump is handing over), a bound that
// only a subscriber that stopped reading reaches; past it, events are
// dropped and counted rather than held forever.
type eventBus struct {
	mu      sync.Mutex
	subs    map[int]*subscriber
	next    int
	dropped int
	// held keeps what is published before the first subscriber comes, so
	// that a consumer that subscribes after the log-in returned (the UI's
	// pump) still gets every stanza of the log-in: offline messages, the
	// first presences and PEP items. The first subscriber takes it over.
	held      []Event
	delivered bool // the first subscriber came; nothing is held any more
}

const (
	// subscriberChannel is the channel's own buffer: the pump hands over
	// up to this many events without waiting for the reader.
	subscriberChannel = 256
	// maxQueuedEvents bounds what waits for one subscriber (about 40
	// times the largest burst the benchmarks send).
	maxQueuedEvents = 1 << 18
)

// subscriber is one Subscribe call: its queue, its channel and its pump.
type subscriber struct {
	out  chan Event
	wake chan struct{} // capacity 1: "the queue has something"
	done chan struct{} // closed by unsubscribe or closeAll

	mu    sync.Mutex
	queue []Event
}

func (b *eventBus) subscribe() (<-chan Event, func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs == nil {
		b.subs = make(map[int]*subscriber)
	}
	id := b.next
	b.next++
	s := &subscriber{
		out:  make(chan Event, subscriberChannel),
		wake: make(chan struct{}, 1),
		done: make(chan struct{}),
	}
	if !b.delivered {
		b.delivered = true
		s.queue, b.held = b.held, nil
		if len(s.queue) > 0 {
			s.wake <- struct{}{}
		}
	}
	b.subs[id] = s
	go s.pump()
	return s.out, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if s, ok := b.subs[id]; ok {
			delete(b.subs, id)
			close(s.done)
		}
	}
}

func (b *eventBus) publish(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.delivered {
		if len(b.held) < maxQueuedEvents {
			b.held = append(b.held, e)
		} else {
			b.dropped++
		}
		return
	}
	for _, s := range b.subs {
		if !s.push(e) {
			b.dropped++
		}
	}
}

// closeAll ends every subscription (after Logout). Events still queued
// are delivered as far as the channels' buffers take them.
func (b *eventBus) closeAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.held, b.delivered = nil, true
	for id, s := range b.subs {
		delete(b.subs, id)
		close(s.done)
	}
}

// push queues e and wakes the pump; false when the queue is full.
func (s *subscriber) push(e Event) bool {
	s.mu.Lock()
	if len(s.queue) >= maxQueuedEvents {
		s.mu.Unlock()
		return false
	}
	s.queue = append(s.queue, e)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default: // already awake
	}
	return true
}

// take returns everything queued and empties the queue.
func (s *subscriber) take() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	batch := s.queue
	s.queue = nil
	return batch
}

// pump is the channel's only sender, so it alone closes it.
func (s *subscriber) pump() {
	defer close(s.out)
	for {
		select {
		case <-s.wake:
		case <-s.done:
			s.flush()
			return
		}
		for _, e := range s.take() {
			select {
			case s.out <- e:
				continue // room in the buffer: no need to look at done
			default:
			}
			select {
			case s.out <- e:
			case <-s.done:
				// The reader has gone; drop the rest of this batch too.
				return
			}
		}
	}
}

// flush hands over what still fits in the channel without waiting: a
// reader that drains the channel after Logout sees the last events, one
// that has gone away does not keep the pump alive.
func (s *subscriber) flush() {
	for _, e := range s.take() {
		select {
		case s.out <- e:
		default:
			return
		}
	}
}
