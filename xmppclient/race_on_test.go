//go:build race

package xmppclient_test

// heapSlack scales the tests' heap bounds: the race detector makes every
// allocation bigger (make test runs with -race; 57 MiB measured where 40
// MiB is measured without it).
const heapSlack = 1.4

// allocSlack scales the bounds on bytes allocated (9.46 times a 5 MiB vCard measured without it, 17.03–17.06 with it).
const allocSlack = 1.75
