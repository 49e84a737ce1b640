//go:build !linux

package xmppclient

import "net"

// quickACK is Linux-only (TCP_QUICKACK); elsewhere the connection is used
// as it is.
func quickACK(c net.Conn) net.Conn { return c }
