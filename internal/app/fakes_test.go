package app

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// memKeyring stands in for the OS keyring.
type memKeyring struct {
	mu sync.Mutex
	m  map[string]string
}

func (k *memKeyring) Set(service, user, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string]string{}
	}
	k.m[service+"/"+user] = secret
	return nil
}

func (k *memKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if v, ok := k.m[service+"/"+user]; ok {
		return v, nil
	}
	return "", keyring.ErrNotFound
}

func (k *memKeyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, service+"/"+user)
	return nil
}

// newStore is a keystore in a temporary directory on the memory keyring.
func newStore(t *testing.T) *keystore.Store {
	t.Helper()
	st, err := keystore.OpenWith(keystore.Options{ConfigDir: t.TempDir(), Backend: &memKeyring{}})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// fakeSession is a logged-in session that records profile updates. The
// embedded Session is nil: a method not written here panics, so a test
// notices a call it did not expect.
type fakeSession struct {
	Session
	jid     string
	current profile.Profile
	getErr  error
	updates []profile.Update
	logouts int
	show    xmppclient.Show
	text    string
	// hideIdle is what SetShareIdle was last told.
	hideIdle bool
}

func (s *fakeSession) CurrentJID() string { return s.jid + "/parley" }
func (s *fakeSession) GetProfile(context.Context, string) (profile.Profile, error) {
	return s.current, s.getErr
}
func (s *fakeSession) UpdateProfile(_ context.Context, u profile.Update) (profile.Profile, error) {
	s.updates = append(s.updates, u)
	return profile.Profile{JID: s.jid, Nickname: u.Nickname, Status: u.Status, MobileNumber: u.MobileNumber, Email: u.Email}, nil
}
func (s *fakeSession) Logout(context.Context) error { s.logouts++; return nil }
func (s *fakeSession) SetPresence(_ context.Context, show xmppclient.Show, text string) error {
	s.show, s.text = show, text
	return nil
}
func (s *fakeSession) SetShareIdle(on bool) { s.hideIdle = !on }
func (s *fakeSession) OwnPresence() (xmppclient.Show, string) {
	if s.show == "" {
		return xmppclient.ShowOnline, s.text
	}
	return s.show, s.text
}

// dialer is the fake connector: it records each configuration and
// answers with err, or a session.
type dialer struct {
	configs []xmppclient.Config
	err     error
}

func (d *dialer) connect(_ context.Context, cfg xmppclient.Config) (Session, error) {
	d.configs = append(d.configs, cfg)
	if d.err != nil {
		return nil, d.err
	}
	return &fakeSession{jid: cfg.JID}, nil
}

// newTestApp is an App on a fresh store whose log-ins go to a fake
// dialer.
func newTestApp(t *testing.T, g Given, sandboxDir string) (*App, *dialer) {
	t.Helper()
	a := New(Options{Store: newStore(t), Given: g, SandboxDir: sandboxDir})
	d := &dialer{}
	a.connect = d.connect
	return a, d
}

// fakeSandbox is the state of a sandbox, as `parley sandbox start`
// leaves it, whose process is alive or dead.
type fakeSandbox struct {
	dir, addr, ca string
}

// sandboxDir writes a sandbox state file. With alive, its pid is a
// process started here whose command line names the sandbox's config
// file (as Prosody's does), killed at the end of the test; otherwise the
// pid is that of a process that has exited.
func sandboxDir(t *testing.T, alive bool) fakeSandbox {
	t.Helper()
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "prosody.cfg.lua")
	var pid int
	if alive {
		cmd := exec.Command("sh", "-c", "read line", "sh", cfgFile) // waits on its stdin pipe
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { stdin.Close(); _ = cmd.Process.Kill(); _ = cmd.Wait() })
		pid = cmd.Process.Pid
	} else {
		cmd := exec.Command("true")
		if err := cmd.Run(); err != nil {
			t.Fatal(err)
		}
		pid = cmd.Process.Pid
	}
	fs := fakeSandbox{dir: dir, addr: "127.0.0.1:15999", ca: filepath.Join(dir, "ca.pem")}
	state, _ := json.Marshal(map[string]any{
		"pid": pid, "port": 15999, "domain": "localhost", "addr": fs.addr,
		"ca_file": fs.ca, "config_file": cfgFile, "log_file": filepath.Join(dir, "prosody.log"),
	})
	if err := os.WriteFile(filepath.Join(dir, "sandbox.json"), state, 0o600); err != nil {
		t.Fatal(err)
	}
	return fs
}
