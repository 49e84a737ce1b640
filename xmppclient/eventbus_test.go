package xmppclient

import (
	"fmt"
	"testing"
)

// A burst far larger than the channel's buffer, published before the
// subscriber reads anything, arrives complete and in order.
func TestEventBusBurstIsNotLost(t *testing.T) {
	var b eventBus
	events, unsubscribe := b.subscribe()
	defer unsubscribe()
	const n = 5000
	for i := 0; i < n; i++ {
		b.publish(MessageEvent{ID: fmt.Sprint(i)})
	}
	for i := 0; i < n; i++ {
		ev := <-events
		if got := ev.(MessageEvent).ID; got != fmt.Sprint(i) {
			t.Fatalf("event %d is %s", i, got)
		}
	}
	if b.dropped != 0 {
		t.Fatalf("%d events dropped", b.dropped)
	}
}

// Every subscriber gets every event; unsubscribing closes only its own
// channel.
func TestEventBusFanOutAndUnsubscribe(t *testing.T) {
	var b eventBus
	first, stopFirst := b.subscribe()
	second, stopSecond := b.subscribe()
	defer stopSecond()
	b.publish(MessageEvent{ID: "a"})
	for _, ch := range []<-chan Event{first, second} {
		if ev := <-ch; ev.(MessageEvent).ID != "a" {
			t.Fatalf("got %v", ev)
		}
	}
	stopFirst()
	stopFirst() // twice is harmless
	for range first {
		// drained until closed
	}
	b.publish(MessageEvent{ID: "b"})
	if ev := <-second; ev.(MessageEvent).ID != "b" {
		t.Fatalf("got %v", ev)
	}
}

// closeAll (Logout) closes the channels after handing over what was
// queued, as far as the channel's buffer holds it.
func TestEventBusCloseAllDeliversQueued(t *testing.T) {
	var b eventBus
	events, _ := b.subscribe()
	for i := 0; i < 3; i++ {
		b.publish(MessageEvent{ID: fmt.Sprint(i)})
	}
	b.closeAll()
	var got []string
	for ev := range events {
		got = append(got, ev.(MessageEvent).ID)
	}
	if fmt.Sprint(got) != "[0 1 2]" {
		t.Fatalf("after closeAll got %v", got)
	}
}

// A subscriber that never reads costs a bounded queue, not the session.
func TestEventBusBoundsAnAbandonedSubscriber(t *testing.T) {
	var b eventBus
	_, unsubscribe := b.subscribe()
	defer unsubscribe()
	// Held at most: the channel's buffer, the batch the pump took from the
	// queue (at most maxQueuedEvents) and a full queue behind it.
	for i := 0; i < 2*maxQueuedEvents+subscriberChannel+10; i++ {
		b.publish(MessageEvent{})
	}
	if b.dropped == 0 {
		t.Fatal("nothing dropped for a subscriber that never reads")
	}
}

// What is published before anyone subscribed (a log-in's offline messages
// and first presences, when the UI subscribes after Login returned) goes
// to the first subscriber, in order and once; a later subscriber starts
// from its own subscription.
func TestEventBusHoldsEventsForTheFirstSubscriber(t *testing.T) {
	var b eventBus
	for i := 0; i < 3; i++ {
		b.publish(MessageEvent{ID: fmt.Sprint(i)})
	}
	first, stopFirst := b.subscribe()
	defer stopFirst()
	second, stopSecond := b.subscribe()
	defer stopSecond()
	b.publish(MessageEvent{ID: "3"})
	for i := 0; i < 4; i++ {
		if got := (<-first).(MessageEvent).ID; got != fmt.Sprint(i) {
			t.Fatalf("first subscriber: event %d is %s", i, got)
		}
	}
	if got := (<-second).(MessageEvent).ID; got != "3" {
		t.Fatalf("second subscriber got held event %s", got)
	}
	select {
	case ev := <-first:
		t.Fatalf("first subscriber got an extra event %v", ev)
	default:
	}
}
