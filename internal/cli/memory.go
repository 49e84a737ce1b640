package cli

import (
	"os"
	"runtime/debug"
	"sync"
)

// gcPercent is the garbage collector's target for Parley: a new cycle
// once the heap has grown by half of what was live after the last one,
// instead of Go's default of all of it. Parley's live heap is a few MiB
// (about 6 MiB with 1,000 contacts), so a cycle costs well under a
// millisecond, while the heap's peak during a burst (a log-in's 3,000
// PEP notifications) is what the process keeps: with 1,000 contacts a
// returning user held 30.7–34 MiB after the burst with the default and
// 28.5–29 MiB with 50, and named its list no later (BENCHMARKS.md). A
// GOGC in the environment still wins.
const gcPercent = 50

var tuneGCOnce sync.Once

// tuneGC applies gcPercent once per process, unless GOGC is set.
func tuneGC() {
	tuneGCOnce.Do(func() { applyGCPercent(os.LookupEnv) })
}

// applyGCPercent sets gcPercent unless lookup finds GOGC; it reports
// whether it did.
func applyGCPercent(lookup func(string) (string, bool)) bool {
	if _, set := lookup("GOGC"); set {
		return false
	}
	debug.SetGCPercent(gcPercent)
	return true
}
