//go:build !race

package ui

// heapSlack scales the tests' heap bounds; without the race detector the
// bounds stand as written.
const heapSlack = 1.0
