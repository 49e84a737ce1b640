package ui

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/keystore"
)

// quitBound is how long quitting may take while a log-in hangs: the
// issue's promise ("ends the process within a second"), a bound on a
// program that must not wait for the network, not a speed target.
const quitBound = time.Second

// Quitting while the log-in hangs on a server that took the connection
// and says nothing ends Run within a second: the program does not wait
// for the log-in's timeout nor for the server to go away. The UI runs on
// the real application layer and xmppclient, against a fake server on
// loopback. q quits where no text field has the focus (the welcome list,
// where Enter started the log-in of the saved account); on the log-in
// form of --account q is text, and Ctrl-C quits.
func TestQuitDuringStuckLoginEndsAtOnce(t *testing.T) {
	for _, c := range []struct {
		name    string
		account bool // --account: the log-in form, the log-in started by Run
		key     string
	}{
		{"welcome q", false, "q"},
		{"welcome ctrl+c", false, "\x03"},
		{"account ctrl+c", true, "\x03"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := testenv.NewFakeServer(t, testenv.FakeOptions{Hostile: testenv.FakeSilent})
			const jid = "alice@localhost"
			opts := Options{
				Backend: stuckBackend(t, f, jid), Environ: []string{"TERM=xterm-256color"}, Width: 100, Height: 30,
			}
			in, typeKeys := io.Pipe()
			defer typeKeys.Close()
			out := &lockedBuffer{}
			opts.Input, opts.Output = in, out
			if c.account {
				opts.Account = jid
			}
			done := make(chan error, 1)
			go func() { done <- Run(context.Background(), opts) }()
			if !c.account {
				testenv.Eventually(t, 20*time.Second, "the welcome screen lists the saved account", func() bool {
					return strings.Contains(out.String(), jid)
				})
				if _, err := typeKeys.Write([]byte("\r")); err != nil {
					t.Fatal(err)
				}
			}
			// The program shows the log-in under way, and the server has
			// the client's stream header: the log-in is stuck on it.
			testenv.Eventually(t, 20*time.Second, "the UI shows the log-in under way at the silent server", func() bool {
				return strings.Contains(out.String(), "logging in as") && strings.Contains(string(f.Received()), "<stream:stream")
			})
			start := time.Now()
			if _, err := typeKeys.Write([]byte(c.key)); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("Run: %v", err)
				}
				t.Logf("%s ended Run after %v", c.name, time.Since(start))
			case <-time.After(quitBound):
				t.Fatalf("Run still waits %v after %s, with the log-in stuck", quitBound, c.name)
			}
		})
	}
}

// stuckBackend is the application layer with jid saved (its password in a
// keyring of the test's own), pointed at f.
func stuckBackend(t *testing.T, f *testenv.FakeServer, jid string) Backend {
	t.Helper()
	st, err := keystore.OpenWith(keystore.Options{ConfigDir: t.TempDir(), Backend: &mapKeyring{m: map[string]string{}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveAccount(keystore.Account{JID: jid, Server: f.Addr, CAFile: f.CAFile}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SavePassword(jid, "s3cret-pw"); err != nil {
		t.Fatal(err)
	}
	return app.New(app.Options{Store: st, SandboxDir: t.TempDir(), AvatarCacheDir: t.TempDir(), NoHistory: true})
}

// mapKeyring is a keyring in memory.
type mapKeyring struct {
	mu sync.Mutex
	m  map[string]string
}

func (k *mapKeyring) Set(service, user, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[service+"/"+user] = secret
	return nil
}

func (k *mapKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if v, ok := k.m[service+"/"+user]; ok {
		return v, nil
	}
	return "", keyring.ErrNotFound
}

func (k *mapKeyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, service+"/"+user)
	return nil
}
