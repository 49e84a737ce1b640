package xmppclient

import "sync"

// eventBus fans events out to every subscriber. A subscriber that does not
// keep up loses events rather than stalling the session: each has a deep
// buffer, and a full one drops (and counts) instead of blocking.
type eventBus struct {
	mu      sync.Mutex
	subs    map[int]chan Event
	next    int
	dropped int
}

const subscriberBuffer = 4096

func (b *eventBus) subscribe() (<-chan Event, func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs == nil {
		b.subs = make(map[int]chan Event)
	}
	id := b.next
	b.next++
	ch := make(chan Event, subscriberBuffer)
	b.subs[id] = ch
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			if c, ok := b.subs[id]; ok {
				delete(b.subs, id)
				close(c)
			}
		})
	}
}

func (b *eventBus) publish(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, ch := range b.subs {
		select {
		case ch <- e:
		default:
			b.dropped++
		}
	}
}

// closeAll ends every subscription (after Logout).
func (b *eventBus) closeAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for id, ch := range b.subs {
		delete(b.subs, id)
		close(ch)
	}
}
