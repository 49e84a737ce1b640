package xmppclient

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// Tasks of one JID run in order; no more than profileWorkers JIDs run at
// once; the workers end when the queue is empty.
func TestProfileQueueOrderAndBound(t *testing.T) {
	stop := make(chan struct{})
	q := newProfileQueue(stop)
	var mu sync.Mutex
	running, most := 0, 0
	order := map[string][]int{}
	release := make(chan struct{})
	var wg sync.WaitGroup
	const jids, perJID = 20, 3
	for i := 0; i < perJID; i++ {
		for j := 0; j < jids; j++ {
			jid, i := fmt.Sprintf("c%d@example.org", j), i
			wg.Add(1)
			q.add(jid, func() {
				defer wg.Done()
				mu.Lock()
				running++
				most = max(most, running)
				order[jid] = append(order[jid], i)
				mu.Unlock()
				<-release
				mu.Lock()
				running--
				mu.Unlock()
			})
		}
	}
	// Hold every task until each worker the queue started is inside one:
	// only then has the bound had its chance to be broken.
	settled := func() bool {
		q.mu.Lock()
		w := q.workers
		q.mu.Unlock()
		mu.Lock()
		defer mu.Unlock()
		return w > 0 && running == w
	}
	deadline := time.Now().Add(10 * time.Second)
	for !settled() {
		if time.Now().After(deadline) {
			t.Fatal("the queue's workers never all started a task")
		}
		time.Sleep(time.Millisecond)
	}
	mu.Lock()
	held := running
	mu.Unlock()
	if held != profileWorkers {
		t.Fatalf("%d tasks running while all are held, want the bound %d", held, profileWorkers)
	}
	close(release)
	wg.Wait()
	if most > profileWorkers {
		t.Fatalf("%d tasks ran at once, bound is %d", most, profileWorkers)
	}
	for jid, seq := range order {
		if fmt.Sprint(seq) != "[0 1 2]" {
			t.Fatalf("%s ran in order %v", jid, seq)
		}
	}
	waitIdle(t, q)
}

// Work added for a JID while its worker runs is run after, not beside it.
func TestProfileQueueSameJIDNeverConcurrent(t *testing.T) {
	q := newProfileQueue(make(chan struct{}))
	var mu sync.Mutex
	busy, overlap := false, false
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		q.add("a@example.org", func() {
			defer wg.Done()
			mu.Lock()
			if busy {
				overlap = true
			}
			busy = true
			mu.Unlock()
			time.Sleep(100 * time.Microsecond)
			mu.Lock()
			busy = false
			mu.Unlock()
		})
	}
	wg.Wait()
	if overlap {
		t.Fatal("two tasks of one JID ran at once")
	}
}

// After the client stops, queued work is dropped.
func TestProfileQueueStop(t *testing.T) {
	stop := make(chan struct{})
	q := newProfileQueue(stop)
	started, release := make(chan struct{}), make(chan struct{})
	q.add("a@example.org", func() { close(started); <-release })
	<-started
	ran := false
	q.add("a@example.org", func() { ran = true })
	close(stop)
	close(release)
	waitIdle(t, q)
	if ran {
		t.Fatal("work queued before the stop ran after it")
	}
}

// waitIdle waits until q's workers have all ended.
func waitIdle(t *testing.T, q *profileQueue) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		q.mu.Lock()
		w := q.workers
		q.mu.Unlock()
		if w == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d workers still alive with nothing to do", w)
		}
		time.Sleep(time.Millisecond)
	}
}
