package keystore

import (
	"sync"
	"testing"

	"github.com/zalando/go-keyring"
)

// fakeBackend is an in-memory keyring that counts calls.
type fakeBackend struct {
	mu    sync.Mutex
	m     map[string]string
	calls int
}

func key(service, user string) string { return service + "\x00" + user }

func (f *fakeBackend) Set(service, user, secret string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.m == nil {
		f.m = map[string]string{}
	}
	f.m[key(service, user)] = secret
	return nil
}

func (f *fakeBackend) Get(service, user string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	s, ok := f.m[key(service, user)]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return s, nil
}

func (f *fakeBackend) Delete(service, user string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if _, ok := f.m[key(service, user)]; !ok {
		return keyring.ErrNotFound
	}
	delete(f.m, key(service, user))
	return nil
}

func (f *fakeBackend) secret(user string) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.m[key(Service, user)]
	return s, ok
}

func (f *fakeBackend) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// blockingBackend never answers until release is closed, like a locked
// Secret Service waiting for a prompt nobody sees.
type blockingBackend struct{ release chan struct{} }

func (b blockingBackend) Set(string, string, string) error { <-b.release; return nil }
func (b blockingBackend) Get(string, string) (string, error) {
	<-b.release
	return "", keyring.ErrNotFound
}
func (b blockingBackend) Delete(string, string) error { <-b.release; return nil }

// noBus makes the environment look like a headless box with no session
// bus: no address and an empty runtime directory.
func noBus(t *testing.T) {
	t.Helper()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
}

// openFake opens a store in a temp dir with a fake keyring.
func openFake(t *testing.T) (*Store, *fakeBackend) {
	t.Helper()
	fb := &fakeBackend{}
	s, err := OpenWith(Options{ConfigDir: t.TempDir(), Backend: fb})
	if err != nil {
		t.Fatal(err)
	}
	return s, fb
}
