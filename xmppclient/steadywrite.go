package xmppclient

import (
	"errors"
	"net"
	"os"
	"sync"
	"time"
)

// steadyConn keeps a write going through mellium's way of interrupting a
// write (why a wrapper of ours: mellium cannot be told not to).
//
// mellium ends a Send whose context ends by setting the connection's
// write deadline far in the past and clearing it at once, from a
// goroutine that selects between the context's end and the Send's. When
// the caller cancels the context right after the Send returned, both are
// ready and the goroutine may pick the first: it cuts whatever write is
// going on then, another goroutine's. With TLS above, the record was cut
// and the server saw a bad record MAC ("write tcp …: i/o timeout" and a
// lost connection 30 ms after a demo friend logged in; TestDemoCheck
// failed about one run in ten under -race). A stream cannot survive half
// a stanza anyway, so a write that times out goes on with the rest once
// the deadline is cleared or moved ahead; one whose deadline stays
// passed (Logout's, a real one) fails as before.
type steadyConn struct {
	net.Conn
	mu       sync.Mutex
	deadline time.Time // the write deadline last set
}

func steadyWrites(c net.Conn) net.Conn { return &steadyConn{Conn: c} }

// interruptGrace is how long a write cut by a deadline in the past waits
// for the deadline to be cleared again: mellium clears it right after.
const interruptGrace = 50 * time.Millisecond

func (c *steadyConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	c.deadline = t
	c.mu.Unlock()
	return c.Conn.SetWriteDeadline(t)
}

func (c *steadyConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	c.deadline = t
	c.mu.Unlock()
	return c.Conn.SetDeadline(t)
}

// passed reports whether the write deadline is set and past.
func (c *steadyConn) passed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.deadline.IsZero() && !time.Now().Before(c.deadline)
}

func (c *steadyConn) Write(p []byte) (int, error) {
	written := 0
	for {
		n, err := c.Conn.Write(p[written:])
		written += n
		if err == nil || !errors.Is(err, os.ErrDeadlineExceeded) {
			return written, err
		}
		if !c.clearedSoon() {
			return written, err
		}
	}
}

// clearedSoon waits up to interruptGrace for a passed write deadline to
// be cleared or moved ahead; it reports whether it was.
func (c *steadyConn) clearedSoon() bool {
	for end := time.Now().Add(interruptGrace); ; time.Sleep(time.Millisecond) {
		if !c.passed() {
			return true
		}
		if !time.Now().Before(end) {
			return false
		}
	}
}
