package xmppclient_test

import (
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// The in-package tests assert the code and sentence a person gets through
// the edge, which they cannot import (it imports this package).
func init() { xmppclient.CodeOf, xmppclient.MessageOf = errtext.Code, errtext.Message }
