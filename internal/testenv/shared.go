package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/parley-im/parley/internal/ejabberd"
)

// shared holds the package's shared ejabberd: started by the first test
// that wants it, stopped by RunShared after the last test.
var shared struct {
	mu      sync.Mutex
	enabled bool
	dir     string
	srv     *Server
	err     error // why it could not start; later tests fail with it too
}

// RunShared runs a package's tests with one ejabberd shared by every test
// that asks for a server without private options, and stops that server
// once the tests are done. Call it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(testenv.RunShared(m)) }
//
// Without it every test starts an ejabberd of its own: nothing could stop
// a shared one. Should the test binary die before (a go test timeout), the
// ejabberd package's guard stops the node.
func RunShared(m *testing.M) int {
	dir, err := os.MkdirTemp("", "parley-shared-ejabberd-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "testenv: no directory for a shared ejabberd (%v); every test gets its own\n", err)
		return m.Run()
	}
	defer os.RemoveAll(dir)
	shared.mu.Lock()
	shared.enabled, shared.dir = true, dir
	shared.mu.Unlock()

	code := m.Run()

	shared.mu.Lock()
	defer shared.mu.Unlock()
	shared.enabled = false
	if shared.srv != nil {
		if err := shared.srv.Ejabberd.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "testenv: stop the shared ejabberd: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
		shared.srv = nil
	}
	return code
}

// sharedEjabberd returns the package's shared ejabberd, starting it on
// first use; ok is false when RunShared is not in charge (the caller then
// starts a private one). A start that failed once fails every later test
// at once rather than costing each a minute.
func sharedEjabberd(t testing.TB) (srv *Server, ok bool) {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.enabled {
		return nil, false
	}
	RequireEjabberd(t)
	if shared.srv == nil && shared.err == nil {
		dirs := 0
		tempDir := func() string {
			dirs++
			d := filepath.Join(shared.dir, strconv.Itoa(dirs))
			if err := os.Mkdir(d, 0o700); err != nil {
				t.Fatalf("shared ejabberd directory: %v", err)
			}
			return d
		}
		e, err := startEjabberd(t.Logf, ejabberd.Options{}, tempDir)
		if err != nil {
			shared.err = err
		} else {
			shared.srv = &Server{Name: EjabberdName, Domain: e.Domain, Addr: e.Addr, CAFile: e.CAFile, Ejabberd: e, shared: true}
		}
	}
	if shared.err != nil {
		t.Fatalf("start the shared ejabberd: %v", shared.err)
	}
	return shared.srv, true
}
