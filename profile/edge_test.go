package profile_test

import (
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/profile"
)

// The in-package tests assert the code and sentence a person gets through
// the edge, which they cannot import (it imports this package).
func init() {
	profile.CodeOf, profile.MessageOf, profile.KnownOf = errtext.Code, errtext.Message, errtext.Known
}
