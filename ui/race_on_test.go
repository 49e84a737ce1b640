//go:build race

package ui

// heapSlack scales the tests' heap bounds: the race detector makes every
// allocation bigger.
const heapSlack = 1.4
