//go:build race

package xmppclient_test

// heapSlack scales the tests' heap bounds: the race detector makes every
// allocation bigger (make test runs with -race; 57 MiB measured where 40
// MiB is measured without it).
const heapSlack = 1.4
