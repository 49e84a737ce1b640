package sshserve

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
)

// ReadAuthorizedKeys parses an authorized_keys file. A file without any
// key is an error: it would let nobody in.
func ReadAuthorizedKeys(path string) ([]gossh.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, errtext.Wrap(errtext.BadRequest, err, "Cannot read the authorized keys file: %v.", err)
	}
	var keys []gossh.PublicKey
	for len(bytes.TrimSpace(data)) > 0 {
		k, _, _, rest, err := gossh.ParseAuthorizedKey(data)
		if err != nil {
			if len(keys) == 0 {
				return nil, errtext.Wrap(errtext.BadRequest, err, "The authorized keys file %s holds no valid key: %v.", path, err)
			}
			break // the rest has no further key
		}
		keys = append(keys, k)
		data = rest
	}
	if len(keys) == 0 {
		return nil, errtext.New(errtext.BadRequest, "The authorized keys file %s holds no key.", path)
	}
	return keys, nil
}

// Fingerprint is the hex SHA-256 of the key's wire form: the name of its
// configuration directory.
func Fingerprint(k ssh.PublicKey) string {
	sum := sha256.Sum256(k.Marshal())
	return hex.EncodeToString(sum[:])
}

// stores hands out one keystore per client key, with memory-only
// passwords shared by that key's sessions for the life of the server.
type stores struct {
	dir string
	mu  sync.Mutex
	m   map[string]*keystore.Store
}

func (s *stores) get(k ssh.PublicKey) (*keystore.Store, error) {
	fp := Fingerprint(k)
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.m[fp]; ok {
		return st, nil
	}
	dir := filepath.Join(s.dir, fp)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the key's configuration directory: %w", err)
	}
	st, err := app.OpenVisitorStore(dir)
	if err != nil {
		return nil, err
	}
	if s.m == nil {
		s.m = map[string]*keystore.Store{}
	}
	s.m[fp] = st
	return st, nil
}
