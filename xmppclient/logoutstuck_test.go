package xmppclient_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
)

// A server that stops reading (busy, or stopped) fills the connection's
// buffers until a write blocks; that write holds the session's others.
// Logout still returns, within its goodbye bound, not when the server
// wakes up.
func TestLogoutWhileTheServerStopsReading(t *testing.T) {
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	wake := make(chan struct{})
	t.Cleanup(func() { close(wake) })
	f.OnStanza(func(_ *testenv.FakeSession, st testenv.FakeStanza) bool {
		if st.Name == "message" {
			<-wake // nothing more is read from this client
			return true
		}
		return false
	})
	c, _, _ := fakeOnline(t, f)
	body := strings.Repeat("x", 60_000)
	stuck := make(chan struct{})
	go func() {
		// Until one write blocks: the loopback buffers hold a few MiB.
		for i := 0; i < 2000; i++ {
			ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
			_, err := c.SendChat(ctx, contactJID, body, "")
			cancel()
			if err != nil {
				break
			}
		}
		close(stuck)
	}()
	select {
	case <-stuck:
		t.Fatal("every write went through: the server's buffers never filled")
	case <-time.After(2 * time.Second):
	}
	start := time.Now()
	done := make(chan struct{})
	go func() {
		_ = c.Logout(context.Background())
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Logout waited for a server that does not read")
	}
	t.Logf("Logout returned after %v", time.Since(start).Round(time.Millisecond))
}
