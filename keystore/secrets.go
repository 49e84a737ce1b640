package keystore

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// Service is the keyring service name; the user name is the bare JID.
const Service = "parley"

// DefaultTimeout bounds each keyring call.
const DefaultTimeout = 5 * time.Second

// Backend is a keyring: go-keyring's own providers satisfy it. Get and
// Delete report a missing secret with an error wrapping keyring.ErrNotFound.
// Tests inject a fake here instead of keyring.MockInit, which swaps the
// provider for the whole process.
type Backend interface {
	Set(service, user, secret string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// osKeyring is the real keyring through go-keyring.
type osKeyring struct{ needsBus bool }

// errBusVanished stops a call that could make godbus run dbus-launch.
var errBusVanished = fmt.Errorf("%w: DBUS_SESSION_BUS_ADDRESS is no longer set", ErrNoKeyring)

// check runs before every call: godbus looks only at the environment (and
// /run/user/<uid>/bus) before falling back to dbus-launch, so the address
// must still be in the environment.
func (k osKeyring) check() error {
	if k.needsBus && !busAddressSet() {
		return errBusVanished
	}
	return nil
}

func (k osKeyring) Set(service, user, secret string) error {
	if err := k.check(); err != nil {
		return err
	}
	return keyring.Set(service, user, secret)
}

func (k osKeyring) Get(service, user string) (string, error) {
	if err := k.check(); err != nil {
		return "", err
	}
	return keyring.Get(service, user)
}

func (k osKeyring) Delete(service, user string) error {
	if err := k.check(); err != nil {
		return err
	}
	return keyring.Delete(service, user)
}

// guard runs backend calls with a timeout. go-keyring has no context and a
// locked Secret Service waits for a prompt with no timeout, so the call runs
// in a goroutine that is abandoned on timeout. Calls go one at a time: a
// hung keyring then holds one goroutine, and later calls wait at most their
// own timeout for it before failing with ErrKeyringTimeout.
type guard struct {
	timeout time.Duration
	sem     chan struct{}
}

func newGuard(timeout time.Duration) *guard {
	return &guard{timeout: timeout, sem: make(chan struct{}, 1)}
}

// do runs f, returning ErrKeyringTimeout when the timeout passes first or
// ctx's error when ctx ends first.
func (g *guard) do(ctx context.Context, f func() error) error {
	ctx, cancel := context.WithTimeoutCause(ctx, g.timeout, ErrKeyringTimeout)
	defer cancel()
	select {
	case g.sem <- struct{}{}:
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	done := make(chan error, 1) // buffered: an abandoned call still exits
	go func() {
		err := f()
		<-g.sem
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// memory holds passwords for this process only, where no keyring took them.
type memory struct {
	mu sync.Mutex
	m  map[string]string
}

func (m *memory) get(jid string) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	pw, ok := m.m[jid]
	return pw, ok
}

func (m *memory) set(jid, pw string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = make(map[string]string)
	}
	m.m[jid] = pw
}

func (m *memory) forget(jid string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, jid)
}
