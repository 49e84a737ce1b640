//go:build !linux

package xmppclient

import (
	"net"
	"syscall"
)

// quickACK is Linux-only (TCP_QUICKACK); elsewhere the connection is used
// as it is.
func quickACK(c net.Conn) net.Conn { return c }

// quickACKControl is nil: there is no quick ACK to switch on.
var quickACKControl func(network, address string, c syscall.RawConn) error
