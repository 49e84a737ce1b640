package cli

import (
	"runtime/debug"
	"testing"
)

// The program runs its garbage collector at gcPercent, and a GOGC in the
// environment leaves the collector as it is.
func TestGCPercentIsParleys(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)

	if !applyGCPercent(func(string) (string, bool) { return "", false }) {
		t.Fatal("without GOGC the GC percent was not set")
	}
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Fatalf("GC percent %d, want %d", got, gcPercent)
	}
	if applyGCPercent(func(k string) (string, bool) { return "200", k == "GOGC" }) {
		t.Fatal("GOGC is set, yet the GC percent was changed")
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("with GOGC set the GC percent became %d, want it left at 100", got)
	}
}
