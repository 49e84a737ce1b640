package xmppclient

import (
	"errors"
	"net"
	"syscall"
	"testing"
)

// A request that fails because the connection broke under it is a 503
// (try again), not a 500.
func TestRequestOnBrokenConnectionIsUnavailable(t *testing.T) {
	for _, err := range []error{
		&net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE},
		net.ErrClosed,
	} {
		got := stanzaErr(err, "Publishing to urn:xmpp:vcard4")
		if CodeOf(got) != codeUnavailable {
			t.Errorf("%v → %d %q, want 503", err, CodeOf(got), MessageOf(got))
		}
	}
	if got := stanzaErr(errors.New("unexpected"), "Publishing"); CodeOf(got) != codeInternal {
		t.Errorf("an unknown failure → %d, want 500", CodeOf(got))
	}
}
