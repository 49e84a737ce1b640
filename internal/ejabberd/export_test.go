package ejabberd

// DropGuardPipe closes this process's end of the guard's stdin, as the
// kernel does when this process dies.
func DropGuardPipe(s *Server) { s.held.Close() }

// RenderConfig exposes renderConfig to the tests.
var RenderConfig = renderConfig
