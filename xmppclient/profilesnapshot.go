package xmppclient

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"time"

	"mellium.im/xmpp"

	"github.com/parley-im/parley/profile"
)

// profileSnapshot keeps the contacts' last known profiles on disk, so that
// a returning user's contact list shows every nickname and avatar as soon
// as the roster is there, and the PEP notifications the server sends after
// the initial presence (the last item of three nodes for every contact)
// are merged into what is known instead of each costing a full fetch. A
// notification that repeats what the snapshot says changes nothing and
// costs no query; one that differs is applied as usual.
//
// The file is keyed like the roster cache (the account and the server's
// certificate) and holds only what the contacts let this account read.
// Avatar bytes are not in it: they live in the avatar cache by their hash.
type profileSnapshot struct {
	path string // "" disables the snapshot
}

// snapshotFile is the file's content. Version changes when the meaning of
// a field does; an unknown version is ignored (a full fetch, as before).
type snapshotFile struct {
	Version  int             `json:"version"`
	Profiles []snapshotEntry `json:"profiles"`
}

type snapshotEntry struct {
	Profile profile.Profile `json:"profile"` // Avatar.Data is left out
	PEPNick bool            `json:"pepNick"` // the nickname came from XEP-0172
}

const snapshotVersion = 1

// snapshotDelay coalesces the saves of a burst of profile changes (a log-in
// with 1,000 contacts) into one write.
const snapshotDelay = 2 * time.Second

func (c *Client) profileSnapshotFor(sess *xmpp.Session) profileSnapshot {
	dir, key := c.cacheKey(sess)
	if key == "" {
		return profileSnapshot{}
	}
	return profileSnapshot{path: filepath.Join(dir, "profiles", key+".json")}
}

// load reads the snapshot; nothing when there is none to read (a first
// log-in on this machine, or a snapshot that is unusable).
func (s profileSnapshot) load() []snapshotEntry {
	if s.path == "" {
		return nil
	}
	b, err := os.ReadFile(s.path)
	if err != nil {
		return nil
	}
	var f snapshotFile
	if json.Unmarshal(b, &f) != nil || f.Version != snapshotVersion {
		return nil
	}
	return f.Profiles
}

// save writes the snapshot atomically; a failure only costs full fetches
// at the next log-in.
func (s profileSnapshot) save(entries []snapshotEntry) error {
	if s.path == "" {
		return nil
	}
	return writeJSONFile(s.path, snapshotFile{Version: snapshotVersion, Profiles: entries})
}

// snapshotState is the Client's side of the snapshot: where it is and a
// pending save. The file is written with mu held, so that forgetting it
// (Unregister) cannot race a save.
type snapshotState struct {
	mu     sync.Mutex
	file   profileSnapshot
	loaded bool        // the snapshot was read into profiles.known once
	dirty  bool        // profiles changed since the last write
	timer  *time.Timer // a save scheduled after a change
}

// loadProfileSnapshot reads the snapshot into the known profiles before
// the initial presence goes out, so the notifications it brings find them.
// It runs once per Client: after a reconnect what is in memory is newer.
// The profiles are announced from the profile queue (see
// announceSnapshot), with their avatar bytes read from the avatar cache.
func (c *Client) loadProfileSnapshot(sess *xmpp.Session) {
	if c.cfg.Quiet {
		return // a one-shot command asks for what it needs
	}
	c.snapshot.mu.Lock()
	if c.snapshot.loaded {
		c.snapshot.mu.Unlock()
		return
	}
	c.snapshot.loaded = true
	c.snapshot.file = c.profileSnapshotFor(sess)
	entries := c.snapshot.file.load()
	c.snapshot.mu.Unlock()

	own := c.account.String()
	for _, e := range entries {
		p := e.Profile
		if p.JID == "" || p.JID == own {
			continue
		}
		p.Avatar.Data, p.Avatar.Path = nil, "" // announceSnapshot finds the file
		c.profiles.setPEPNick(p.JID, e.PEPNick)
		if !c.profiles.putIfAbsent(p) {
			continue
		}
		c.announceSnapshot(p.JID)
	}
}

// announceSnapshot publishes jid's profile from the snapshot, with the
// avatar's file in the cache. It is queued before any notification of
// jid, so the queue's per-JID order puts it first.
func (c *Client) announceSnapshot(jid string) {
	c.background(jid, func() {
		p, ok := c.profiles.get(jid)
		if !ok {
			return
		}
		if p.Avatar.ID != "" && !p.Avatar.HasBytes() {
			if path, hit := c.avatarCache().Lookup(p.Avatar.ID); hit {
				p.Avatar.Path = path
			} else {
				p.Avatar = profile.Avatar{} // not at hand: the notification brings it
			}
			p = c.profiles.putQuiet(p)
		}
		c.bus.publish(ProfileEvent{Profile: p, Cached: true})
	})
}

// saveProfileSnapshotSoon schedules a save of the known profiles.
func (c *Client) saveProfileSnapshotSoon() {
	c.snapshot.mu.Lock()
	defer c.snapshot.mu.Unlock()
	c.snapshot.dirty = true
	if c.snapshot.file.path == "" || c.snapshot.timer != nil {
		return
	}
	c.snapshot.timer = time.AfterFunc(snapshotDelay, func() {
		c.snapshot.mu.Lock()
		defer c.snapshot.mu.Unlock()
		c.snapshot.timer = nil
		c.writeProfileSnapshotLocked()
	})
}

// flushProfileSnapshot writes a pending save now (at log-out).
func (c *Client) flushProfileSnapshot() {
	c.snapshot.mu.Lock()
	defer c.snapshot.mu.Unlock()
	c.stopSnapshotTimerLocked()
	c.writeProfileSnapshotLocked()
}

// forgetProfileSnapshot removes the file and keeps it from coming back.
func (c *Client) forgetProfileSnapshot() {
	c.snapshot.mu.Lock()
	defer c.snapshot.mu.Unlock()
	c.stopSnapshotTimerLocked()
	if c.snapshot.file.path != "" {
		_ = os.Remove(c.snapshot.file.path)
	}
	c.snapshot.file, c.snapshot.dirty = profileSnapshot{}, false
}

// stopSnapshotTimerLocked cancels a scheduled save; snapshot.mu is held.
func (c *Client) stopSnapshotTimerLocked() {
	if c.snapshot.timer != nil {
		c.snapshot.timer.Stop()
		c.snapshot.timer = nil
	}
}

// writeProfileSnapshotLocked writes the known profiles if they changed;
// snapshot.mu is held.
func (c *Client) writeProfileSnapshotLocked() {
	if !c.snapshot.dirty || c.snapshot.file.path == "" {
		return
	}
	c.snapshot.dirty = false
	if err := c.snapshot.file.save(c.profiles.entries(c.account.String())); err != nil {
		c.log.Warn("profile snapshot", "err", err)
	}
}

// putIfAbsent stores pr unless a profile of that JID is known; it reports
// whether it stored it.
func (p *profileState) putIfAbsent(pr profile.Profile) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.known[pr.JID]; ok {
		return false
	}
	if p.known == nil {
		p.known = map[string]profile.Profile{}
	}
	p.known[pr.JID] = pr
	return true
}

// entries is every known contact's profile (not own's) without avatar
// bytes, for the snapshot.
func (p *profileState) entries(own string) []snapshotEntry {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]snapshotEntry, 0, len(p.known))
	for bare, pr := range p.known {
		if bare == own {
			continue
		}
		pr.Avatar.Data = nil
		out = append(out, snapshotEntry{Profile: pr, PEPNick: p.pepNick[bare]})
	}
	return out
}
