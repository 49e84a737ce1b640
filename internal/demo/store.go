package demo

import (
	"sync"

	"github.com/zalando/go-keyring"

	"github.com/parley-im/parley/keystore"
)

// MemoryKeyring is a keystore.Backend that keeps passwords in this
// process's memory only: nothing reaches the OS keyring or the disk. The
// demo and the SSH server use it so that throwaway accounts never pollute
// the user's keyring.
type MemoryKeyring struct {
	mu  sync.Mutex
	pws map[string]string
}

var _ keystore.Backend = (*MemoryKeyring)(nil)

func key(service, user string) string { return service + "\x00" + user }

// Set stores secret.
func (m *MemoryKeyring) Set(service, user, secret string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pws == nil {
		m.pws = map[string]string{}
	}
	m.pws[key(service, user)] = secret
	return nil
}

// Get returns the secret, or keyring.ErrNotFound.
func (m *MemoryKeyring) Get(service, user string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	pw, ok := m.pws[key(service, user)]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return pw, nil
}

// Delete forgets the secret.
func (m *MemoryKeyring) Delete(service, user string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.pws[key(service, user)]; !ok {
		return keyring.ErrNotFound
	}
	delete(m.pws, key(service, user))
	return nil
}

// OpenStore opens a keystore whose account list lives in configDir and
// whose passwords stay in memory (see MemoryKeyring).
func OpenStore(configDir string) (*keystore.Store, error) {
	return keystore.OpenWith(keystore.Options{
		ConfigDir:   configDir,
		Backend:     &MemoryKeyring{},
		BackendName: "memory of this process only (throwaway demo accounts; never written to disk)",
	})
}
