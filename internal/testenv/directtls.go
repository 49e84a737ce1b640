package testenv

import (
	"fmt"
	"net"
	"testing"

	"github.com/parley-im/parley/internal/sandbox"
)

// DirectTLS is an option for Prosody: it listens for TLS from the first
// byte (XEP-0368, c2s_direct_tls_ports) too, on a free port of 127.0.0.1
// whose address it returns, with its certificate (the global ssl
// setting) there as on the STARTTLS port. The STARTTLS port stays.
func DirectTLS(t testing.TB) (opt func(*sandbox.Options), addr string) {
	t.Helper()
	// The port is free now; Prosody takes it moments later (as the
	// sandbox does with its own port).
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return func(o *sandbox.Options) {
		o.ExtraConfig += fmt.Sprintf("\nc2s_direct_tls_ports = { %d }\n", port)
	}, fmt.Sprintf("127.0.0.1:%d", port)
}
