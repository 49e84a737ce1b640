package testenv

import (
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// FakeHostile makes a FakeServer misbehave while a client logs in.
type FakeHostile int

// The ways a FakeServer can misbehave.
const (
	FakeHonest FakeHostile = iota
	// FakeSilent accepts the connection, reads (and records, see
	// Received) what the client sends and never answers.
	FakeSilent
	// FakeTrickle answers one byte a second: its stream header, then
	// spaces.
	FakeTrickle
	// FakeWhitespace sends its stream header, then spaces for ever.
	FakeWhitespace
	// FakeNesting sends its stream header, then <a> for ever.
	FakeNesting
)

// SetHostile changes how the server misbehaves from the next connection
// on (FakeOptions.Hostile and HostileAfterTLS).
func (f *FakeServer) SetHostile(h FakeHostile, afterTLS bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opts.Hostile, f.opts.HostileAfterTLS = h, afterTLS
}

func (f *FakeServer) hostile() (FakeHostile, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.opts.Hostile, f.opts.HostileAfterTLS
}

// hostileConn handles a connection of a silent or trickling server and
// reports whether it did.
func (f *FakeServer) hostileConn(conn net.Conn) bool {
	h, _ := f.hostile()
	switch h {
	case FakeSilent:
		_, _ = io.Copy(io.Discard, fakeRecorder{f, conn})
		return true
	case FakeTrickle:
		go func() { _, _ = io.Copy(io.Discard, conn) }()
		header := f.streamHeader()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for i := 0; ; i++ {
			b := byte(' ')
			if i < len(header) {
				b = header[i]
			}
			if _, err := conn.Write([]byte{b}); err != nil {
				return true
			}
			<-t.C
		}
	}
	return false
}

// hostileStream floods a client whose stream header was just read, if the
// server is to flood at this stage (HostileAfterTLS: only once secure),
// and reports whether it did.
func (f *FakeServer) hostileStream(conn net.Conn, secure bool) bool {
	h, afterTLS := f.hostile()
	var unit string
	switch h {
	case FakeWhitespace:
		unit = " "
	case FakeNesting:
		unit = "<a>"
	default:
		return false
	}
	if secure != afterTLS {
		return false
	}
	go func() { _, _ = io.Copy(io.Discard, conn) }()
	if _, err := io.WriteString(conn, f.streamHeader()); err != nil {
		return true
	}
	chunk := []byte(strings.Repeat(unit, sendChunk/len(unit)))
	for {
		if _, err := conn.Write(chunk); err != nil {
			return true
		}
	}
}

// streamHeader is the server's stream header, without features.
func (f *FakeServer) streamHeader() string {
	return fmt.Sprintf("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='%s' from='%s' version='1.0' xml:lang='en'>",
		fakeID(), f.opts.Domain)
}
