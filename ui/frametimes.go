package ui

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
)

// A frame budget of 16 ms (60 frames a second) is what issue 17 asks of
// the contacts list while 1,000 profiles arrive. The program's loop runs
// Update and then View for every message; while it does, no key is read
// and nothing is drawn. timedModel measures that time in the real binary
// (Options.FrameTimes, which the CLI opens from PARLEY_FRAME_LOG), so the
// benchmark that logs in with 1,000 contacts can report it; the model
// benchmarks measure View alone.

// frameBudget is the time one message's Update and View may take.
const frameBudget = 16 * time.Millisecond

// timedModel is the root model with a clock around Update and View.
type timedModel struct {
	*Model
	clock *frameClock
}

func (t timedModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	t.clock.updateStarts(msg)
	next, cmd := t.Model.Update(msg)
	if m, ok := next.(*Model); ok {
		t.Model = m // the root returns itself; should that change, the clock follows
	}
	return t, cmd
}

func (t timedModel) View() tea.View {
	start := time.Now()
	v := t.Model.View()
	t.clock.viewEnds(start)
	return v
}

// frameClock keeps each frame's time: from the start of an Update to the
// end of the View after it (a View without an Update before it counts
// alone).
type frameClock struct {
	mu    sync.Mutex
	began time.Time    // the pending Update's start; zero when none
	msg   reflect.Type // the pending Update's message type, named only for a slow frame
	times []time.Duration
	slow  []slowFrame // the first slowFramesKept over the budget
}

type slowFrame struct {
	d   time.Duration
	msg string
}

const slowFramesKept = 20

func (c *frameClock) updateStarts(msg tea.Msg) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.began, c.msg = time.Now(), reflect.TypeOf(msg)
}

func (c *frameClock) viewEnds(viewStart time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	began, alone := c.began, c.began.IsZero()
	if alone {
		began = viewStart
	}
	d := time.Since(began)
	if d > frameBudget && len(c.slow) < slowFramesKept {
		msg := "(View alone)"
		if !alone {
			msg = fmt.Sprint(c.msg)
		}
		c.slow = append(c.slow, slowFrame{d, msg})
	}
	c.began, c.msg = time.Time{}, nil
	c.times = append(c.times, d)
}

// report writes how many frames there were, their median, 99th
// percentile and slowest time, how many went over the budget, and the
// first of those with their messages' types.
func (c *frameClock) report(w io.Writer) error {
	c.mu.Lock()
	times := slices.Clone(c.times)
	slow := slices.Clone(c.slow)
	c.mu.Unlock()
	if len(times) == 0 {
		_, err := fmt.Fprintln(w, "frames 0")
		return err
	}
	slices.Sort(times)
	over := 0
	if i := slices.IndexFunc(times, func(d time.Duration) bool { return d > frameBudget }); i >= 0 {
		over = len(times) - i
	}
	at := func(q float64) time.Duration { return times[int(q*float64(len(times)-1))] }
	if _, err := fmt.Fprintf(w, "frames %d median %v p99 %v max %v over %v: %d\n",
		len(times), at(0.5), at(0.99), times[len(times)-1], frameBudget, over); err != nil {
		return err
	}
	for _, s := range slow {
		if _, err := fmt.Fprintf(w, "slow %v %s\n", s.d, s.msg); err != nil {
			return err
		}
	}
	return nil
}
