package xmppclient

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

// A write cut by a deadline set in the past and cleared at once (mellium
// interrupting another Send) goes on with the rest; one whose deadline
// stays passed fails.
func TestSteadyWritesOutlastAPassingInterrupt(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cleared bool
	}{{"cleared at once", true}, {"left passed", false}} {
		t.Run(tc.name, func(t *testing.T) {
			client, server := net.Pipe()
			defer client.Close()
			defer server.Close()
			c := steadyWrites(client)
			payload := bytes.Repeat([]byte("stanza "), 10000)
			done := make(chan error, 1)
			go func() { _, err := c.Write(payload); done <- err }()
			got := make([]byte, 0, len(payload))
			buf := make([]byte, 1000)
			n, _ := server.Read(buf) // the write is under way
			got = append(got, buf[:n]...)
			_ = c.SetWriteDeadline(time.Unix(1, 0))
			if tc.cleared {
				// Long enough for the write to see the deadline, as
				// mellium's goroutine may be descheduled between its calls.
				time.Sleep(5 * time.Millisecond)
				_ = c.SetWriteDeadline(time.Time{})
			}
			rest := make(chan []byte, 1)
			go func() {
				b, _ := io.ReadAll(server)
				rest <- b
			}()
			err := <-done
			client.Close()
			got = append(got, <-rest...)
			if !tc.cleared {
				if !errors.Is(err, os.ErrDeadlineExceeded) {
					t.Fatalf("write under a passed deadline: %v, want a timeout", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("write: %v", err)
			}
			if !bytes.Equal(got, payload) {
				t.Fatalf("the server got %d of %d bytes, or other bytes", len(got), len(payload))
			}
		})
	}
}
