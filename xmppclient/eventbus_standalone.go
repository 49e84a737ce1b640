package xmppclient

// EventBus is a Client's event fan-out on its own, without a session: each
// subscriber gets what is published, in order, through the same channel
// and queue a Client's subscribers have. It exists so that the UI's burst
// benchmark measures the delivery path a real session uses rather than a
// channel of its own making.
type EventBus struct{ bus eventBus }

// Subscribe is Client.Subscribe for this bus.
func (b *EventBus) Subscribe() (<-chan Event, func()) { return b.bus.subscribe() }

// Publish hands e to every subscriber without blocking, as a session does.
func (b *EventBus) Publish(e Event) { b.bus.publish(e) }

// Close ends every subscription, as Logout does.
func (b *EventBus) Close() { b.bus.closeAll() }
