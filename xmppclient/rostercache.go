package xmppclient

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"

	"mellium.im/xmpp"

	"github.com/parley-im/parley/internal/xdg"
)

// rosterCache keeps the roster and its version on disk (RFC 6121 §2.6), so
// that a login with an unchanged roster gets an empty answer instead of
// every item again.
//
// The file is keyed by the account and the server's certificate: roster
// versions are small counters on Prosody, so a wiped and recreated server
// (a reset sandbox) could hand out a version the cache already holds for a
// roster that no longer exists. A new certificate means a new file.
type rosterCache struct {
	path string // "" disables the cache
}

type rosterFile struct {
	Ver   string       `json:"ver"`
	Items []rosterItem `json:"items"`
}

func (c *Client) rosterCacheFor(sess *xmpp.Session) rosterCache {
	dir, key := c.cacheKey(sess)
	if key == "" {
		return rosterCache{}
	}
	return rosterCache{path: filepath.Join(dir, "roster", key+".json")}
}

// cacheKey is the cache directory and the name under which what is kept
// of this account on this server lives (the roster, the profile
// snapshot): a hash of the account and the server's certificate. key is
// "" when there is no cache directory or no certificate.
func (c *Client) cacheKey(sess *xmpp.Session) (dir, key string) {
	dir = c.cfg.CacheDir
	if dir == "" {
		base, err := xdg.Cache()
		if err != nil {
			return "", ""
		}
		dir = base
	}
	certs := sess.ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return "", ""
	}
	h := sha256.New()
	h.Write([]byte(c.account.String()))
	h.Write([]byte{0})
	h.Write(certs[0].Raw)
	return dir, hex.EncodeToString(h.Sum(nil))[:32]
}

// load returns the cached version and items; ok is false when there is no
// usable cache.
func (rc rosterCache) load() (rosterFile, bool) {
	if rc.path == "" {
		return rosterFile{}, false
	}
	b, err := os.ReadFile(rc.path)
	if err != nil {
		return rosterFile{}, false
	}
	var f rosterFile
	if json.Unmarshal(b, &f) != nil || f.Ver == "" {
		return rosterFile{}, false
	}
	return f, true
}

// save writes the roster atomically; a failure only costs a full fetch
// next time.
func (rc rosterCache) save(f rosterFile) {
	if rc.path == "" || f.Ver == "" {
		return
	}
	_ = writeJSONFile(rc.path, f)
}

// writeJSONFile writes v as JSON to path atomically (a temporary file
// renamed over it), readable by the user only: the roster cache and the
// profile snapshot.
func writeJSONFile(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
