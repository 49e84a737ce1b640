package testenv

import (
	"net"
	"sync"
	"testing"
)

// Proxy is a TCP relay between a client under test and a server, for fault
// tests: it can go silent (keep every connection open but forward nothing,
// like a dead NAT mapping) or cut connections in the middle of a stream.
// It listens on 127.0.0.1 until the test ends.
type Proxy struct {
	Addr   string // "127.0.0.1:PORT", for the client's Config.Server
	target string
	ln     net.Listener

	mu       sync.Mutex
	silent   bool
	cutAfter int // >0: forward this many more server bytes, then cut all
	accepted int
	pairs    map[*proxyPair]struct{}
	wg       sync.WaitGroup
}

type proxyPair struct {
	client, server net.Conn
	deaf           bool // what the server sends is dropped (DeafenOpen)
}

func (p *proxyPair) close() {
	p.client.Close()
	p.server.Close()
}

// NewProxy starts a proxy to target ("host:port"), closed when the test
// ends.
func NewProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("proxy listen: %v", err)
	}
	p := &Proxy{Addr: ln.Addr().String(), target: target, ln: ln, pairs: map[*proxyPair]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.Close)
	return p
}

// Silence makes the proxy forward nothing, in either direction, on open
// and new connections; the connections stay open. Forward undoes it.
func (p *Proxy) Silence() {
	p.mu.Lock()
	p.silent = true
	p.mu.Unlock()
}

// DeafenOpen drops what the server sends on the connections open now,
// while what the client sends still goes through; new connections work.
// An answer the server sends just before it closes a stream is then lost,
// as with a reset.
func (p *Proxy) DeafenOpen() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for pair := range p.pairs {
		pair.deaf = true
	}
}

// Forward makes the proxy relay bytes again (new connections work; the
// bytes dropped while silent are lost).
func (p *Proxy) Forward() {
	p.mu.Lock()
	p.silent = false
	p.mu.Unlock()
}

// CutAfter lets n more bytes through from the server to the client, then
// closes every open connection: with a small n, in the middle of whatever
// the server was sending.
func (p *Proxy) CutAfter(n int) {
	if n < 1 {
		n = 1
	}
	p.mu.Lock()
	p.cutAfter = n
	p.mu.Unlock()
}

// Cut closes every open connection now.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cutLocked()
}

func (p *Proxy) cutLocked() {
	for pair := range p.pairs {
		pair.close()
		delete(p.pairs, pair)
	}
	p.cutAfter = 0
}

// Accepted is the number of client connections accepted so far.
func (p *Proxy) Accepted() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.accepted
}

// Open is the number of relayed connections open now.
func (p *Proxy) Open() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pairs)
}

// Close stops listening, closes every connection and waits for the relay
// goroutines.
func (p *Proxy) Close() {
	p.ln.Close()
	p.Cut()
	p.wg.Wait()
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		pair := &proxyPair{client: c, server: s}
		p.mu.Lock()
		p.accepted++
		p.pairs[pair] = struct{}{}
		p.mu.Unlock()
		p.wg.Add(2)
		go p.relay(pair, c, s, false)
		go p.relay(pair, s, c, true)
	}
}

// relay copies from src to dst until either side closes, dropping what it
// reads while the proxy is silent.
func (p *Proxy) relay(pair *proxyPair, src, dst net.Conn, fromServer bool) {
	defer p.wg.Done()
	defer func() {
		p.mu.Lock()
		delete(p.pairs, pair)
		p.mu.Unlock()
		pair.close()
	}()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			chunk, cut := p.filter(pair, buf[:n], fromServer)
			if len(chunk) > 0 {
				if _, werr := dst.Write(chunk); werr != nil {
					return
				}
			}
			if cut {
				p.Cut()
				return
			}
		}
		if err != nil {
			return // EOF, a closed side or a cut
		}
	}
}

// filter decides what of a chunk goes through, and whether to cut after.
func (p *Proxy) filter(pair *proxyPair, b []byte, fromServer bool) ([]byte, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.silent || fromServer && pair.deaf {
		return nil, false
	}
	if fromServer && p.cutAfter > 0 {
		if len(b) >= p.cutAfter {
			return b[:p.cutAfter], true
		}
		p.cutAfter -= len(b)
	}
	return b, false
}
