package testenv

import (
	"io"
	"net"
	"testing"
	"time"
)

// echoServer echoes every connection until the test ends.
func echoServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); _, _ = io.Copy(c, c) }()
		}
	}()
	return ln.Addr().String()
}

func roundTrip(c net.Conn, msg string) (string, error) {
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.WriteString(c, msg); err != nil {
		return "", err
	}
	buf := make([]byte, len(msg))
	n, err := io.ReadFull(c, buf)
	return string(buf[:n]), err
}

func TestProxyForwardsSilencesAndCuts(t *testing.T) {
	p := NewProxy(t, echoServer(t))
	c, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got, err := roundTrip(c, "hello"); err != nil || got != "hello" {
		t.Fatalf("forwarding: %q, %v", got, err)
	}

	p.Silence()
	got, err := roundTrip(c, "lost")
	if ne, ok := err.(net.Error); !ok || !ne.Timeout() || got != "" {
		t.Fatalf("silent proxy: got %q, err %v; want a timeout and nothing", got, err)
	}
	if p.Open() != 1 {
		t.Fatalf("silence closed the connection (%d open)", p.Open())
	}

	p.Forward()
	c2, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if got, err := roundTrip(c2, "again"); err != nil || got != "again" {
		t.Fatalf("after Forward: %q, %v", got, err)
	}

	p.CutAfter(3)
	_ = c2.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.WriteString(c2, "truncated"); err != nil {
		t.Fatal(err)
	}
	rest, err := io.ReadAll(c2)
	if string(rest) != "tru" {
		t.Fatalf("cut: read %q (%v), want the first 3 bytes then EOF", rest, err)
	}
	if p.Accepted() != 2 {
		t.Fatalf("accepted %d connections, want 2", p.Accepted())
	}
}
