package xmppclient

import (
	"errors"
	"net"
	"syscall"
	"testing"

	"github.com/parley-im/parley/internal/apierr"
)

// A request that fails because the connection broke under it is a 503
// (try again), not a 500.
func TestRequestOnBrokenConnectionIsUnavailable(t *testing.T) {
	for _, err := range []error{
		&net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE},
		net.ErrClosed,
	} {
		got := stanzaErr(err, "Publishing to urn:xmpp:vcard4")
		if apierr.Code(got) != apierr.Unavailable {
			t.Errorf("%v → %d %q, want 503", err, apierr.Code(got), apierr.Message(got))
		}
	}
	if got := stanzaErr(errors.New("unexpected"), "Publishing"); apierr.Code(got) != apierr.Internal {
		t.Errorf("an unknown failure → %d, want 500", apierr.Code(got))
	}
}
