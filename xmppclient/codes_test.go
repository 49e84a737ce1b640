package xmppclient

// The status codes of the edge's table. The edge, internal/errtext,
// imports this package, so a test in it cannot import the edge:
// edge_test.go (package xmppclient_test) sets CodeOf and MessageOf to
// errtext's Code and Message.
const (
	codeUnauthorized = 401
	codeInternal     = 500
	codeUnavailable  = 503
)

// The edge's mapping, set by edge_test.go.
var (
	CodeOf    func(error) int
	MessageOf func(error) string
)
