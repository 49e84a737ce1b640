//go:build !race

package xmppclient_test

// heapSlack scales the tests' heap bounds; without the race detector the
// bounds hold as written.
const heapSlack = 1.0

// allocSlack scales the bounds on bytes allocated.
const allocSlack = 1.0
