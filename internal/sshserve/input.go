package sshserve

import (
	"fmt"
	"io"
	"sync"

	"charm.land/ssh"
)

// sessionInput is the SSH session's input with the client's window
// changes spliced in as in-band size reports (CSI 8 ; rows ; cols t),
// which Bubble Tea turns into tea.WindowSizeMsg. ui.Run makes its own
// program, so this is how a resize reaches it.
type sessionInput struct {
	r    *io.PipeReader
	w    *io.PipeWriter
	mu   sync.Mutex // one writer at a time: keystrokes or a size report
	done chan struct{}
	once sync.Once
}

func newSessionInput(sess io.Reader, windows <-chan ssh.Window) *sessionInput {
	r, w := io.Pipe()
	in := &sessionInput{r: r, w: w, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := sess.Read(buf)
			if n > 0 {
				if werr := in.write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				// The client closed its input (ssh -T < /dev/null, or a
				// half-close); its window may still change, and the
				// session's end stops the UI, so the pipe stays open.
				return
			}
		}
	}()
	go func() {
		for {
			select {
			case <-in.done:
				return
			case win, ok := <-windows:
				if !ok {
					return
				}
				if in.write(fmt.Appendf(nil, "\x1b[8;%d;%dt", win.Height, win.Width)) != nil {
					return
				}
			}
		}
	}()
	return in
}

func (in *sessionInput) write(p []byte) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	_, err := in.w.Write(p)
	return err
}

func (in *sessionInput) Read(p []byte) (int, error) { return in.r.Read(p) }

// Close ends the input: pending and later writes fail, so the copying
// goroutines end (the one reading the session once the session closes).
// Reads then return io.ErrClosedPipe.
func (in *sessionInput) Close() error {
	in.once.Do(func() { close(in.done) })
	return in.r.Close()
}
