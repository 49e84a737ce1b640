package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// The timed root counts one frame for an Update and the View after it,
// stays the program's model (so later messages are timed too), and its
// report names the frames over the budget with their message's type.
func TestFrameTimesCountUpdateAndView(t *testing.T) {
	clock := &frameClock{}
	var root tea.Model = timedModel{Model: newTestModel(t, &fakeBackend{}, 80, 24), clock: clock}
	for range 3 {
		next, _ := root.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		if _, ok := next.(timedModel); !ok {
			t.Fatalf("Update returned %T: the clock would stop after one message", next)
		}
		root = next
		_ = root.View()
	}
	_ = root.View() // a redraw without a message counts alone
	if n := len(clock.times); n != 4 {
		t.Fatalf("%d frames timed, want 4", n)
	}

	// The report itself, from known times.
	clock.times = []time.Duration{time.Millisecond, 2 * time.Millisecond, 40 * time.Millisecond}
	clock.slow = []slowFrame{{40 * time.Millisecond, "ui.eventBatch"}}
	var b strings.Builder
	if err := clock.report(&b); err != nil {
		t.Fatal(err)
	}
	want := "frames 3 median 2ms p99 2ms max 40ms over 16ms: 1\nslow 40ms ui.eventBatch\n"
	if b.String() != want {
		t.Fatalf("report:\n%s\nwant:\n%s", b.String(), want)
	}
}
