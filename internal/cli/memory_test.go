package cli

import (
	"os"
	"runtime/debug"
	"testing"
)

// The program runs its garbage collector at gcPercent unless GOGC says
// otherwise.
func TestGCPercentIsParleys(t *testing.T) {
	if _, set := os.LookupEnv("GOGC"); set {
		t.Skip("GOGC is set in this environment, and wins")
	}
	tuneGC()
	got := debug.SetGCPercent(100)
	debug.SetGCPercent(got)
	if got != gcPercent {
		t.Fatalf("GC percent %d, want %d", got, gcPercent)
	}
}
