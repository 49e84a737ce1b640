// Package bench holds slow benchmark drivers that run the real parley
// binary against a throwaway Prosody: resident memory with a large roster
// and a launch-to-online comparison with Profanity. They run only when
// PARLEY_BENCH=1 (see `make bench-peer` and BENCHMARKS.md); a plain
// `go test ./...` skips them at once.
package bench
