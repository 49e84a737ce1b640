package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

const (
	subdir        = "demo"           // under the sandbox directory
	credsName     = "friends.json"   // the demo friends' passwords
	opTimeout     = 20 * time.Second // one network operation of a bot
	logoutTimeout = 5 * time.Second
)

// Options configure Seed.
type Options struct {
	// Config is the configuration of jid's session on the sandbox, with
	// its password ("" and the sandbox's domain for registering). The
	// application layer builds it (app.SeedDemo), with the sandbox's
	// address and CA: the demo never builds one itself. Required.
	Config  func(jid, password string) xmppclient.Config
	Logger  *slog.Logger // nil: discard
	Friends []Friend     // nil: Cast
}

// Demo is the seeded cast on one sandbox: a logged-in session per friend.
type Demo struct {
	srv    *sandbox.Server
	dir    string // Dir(srv)
	config func(jid, password string) xmppclient.Config
	log    *slog.Logger
	bots   []*bot

	// steps is held while a bot acts and while someone is befriended, so
	// that no friend logs out in the middle of befriending.
	steps   sync.Mutex
	serving sync.WaitGroup // the bots' event loops
}

// FriendInfo names a seeded demo friend.
type FriendInfo struct {
	JID      string `json:"jid"`
	Nickname string `json:"nickname"`
}

// Seed registers the demo friends on srv (reusing the accounts made by an
// earlier Seed on the same sandbox directory), logs each one in and
// publishes its full profile. Close (or the end of Run) logs them out.
func Seed(ctx context.Context, srv *sandbox.Server, opts Options) (*Demo, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Friends == nil {
		opts.Friends = Cast
	}
	if opts.Config == nil {
		return nil, errtext.New(errtext.Internal, "The demo was started without a way to configure its sessions.")
	}
	d := &Demo{srv: srv, dir: Dir(srv), config: opts.Config, log: opts.Logger}
	if err := os.MkdirAll(d.dir, 0o700); err != nil {
		return nil, errtext.Wrap(errtext.Internal, err, "Cannot create the demo directory: %v.", err)
	}
	creds, err := d.loadCreds()
	if err != nil {
		return nil, err
	}
	for _, f := range opts.Friends {
		b := &bot{d: d, friend: f, jid: srv.JID(f.User), show: xmppclient.ShowOnline, status: f.Statuses[0]}
		if b.password = creds[f.User]; b.password == "" {
			if b.password, err = d.register(ctx, f.User); err != nil {
				return nil, err
			}
			creds[f.User] = b.password
			if err := d.saveCreds(creds); err != nil {
				return nil, err
			}
		}
		d.bots = append(d.bots, b)
	}

	// Log in and publish the profiles side by side.
	errs := make([]error, len(d.bots))
	var wg sync.WaitGroup
	for i, b := range d.bots {
		wg.Go(func() {
			if errs[i] = b.connect(ctx); errs[i] == nil {
				errs[i] = b.publish(ctx, true)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		d.Close()
		return nil, errtext.Wrap(errtext.Code(err), err, "The demo friends could not be set up: %s", errtext.Message(err))
	}
	return d, nil
}

// Friends lists the seeded friends with their usual nicknames.
func (d *Demo) Friends() []FriendInfo {
	out := make([]FriendInfo, 0, len(d.bots))
	for _, b := range d.bots {
		out = append(out, FriendInfo{JID: b.jid, Nickname: b.friend.Nickname()})
	}
	return out
}

// Close logs every demo friend out and waits for their event loops. It is
// safe to call more than once.
func (d *Demo) Close() {
	var wg sync.WaitGroup
	for _, b := range d.bots {
		wg.Go(b.disconnect)
	}
	wg.Wait()
	d.serving.Wait()
}

// Dir is where the demo keeps its files on srv: the friends' passwords,
// their avatars, the avatar cache of its sessions and the presenter's
// account list. It lies inside the sandbox directory, so that wiping the
// sandbox forgets the demo too.
func Dir(srv *sandbox.Server) string { return filepath.Join(srv.Dir, subdir) }

// register creates user by in-band registration and returns its password.
func (d *Demo) register(ctx context.Context, user string) (string, error) {
	res, err := xmppclient.Register(ctx, d.config(d.srv.Domain, ""), user, nil)
	if errtext.Code(err) == errtext.Conflict {
		return "", errtext.Wrap(errtext.Conflict, err, "The demo friend %s exists but its password is lost; start afresh with 'parley demo --reset'.", d.srv.JID(user))
	}
	if err != nil {
		return "", err
	}
	return res.Password, nil
}

func (d *Demo) credsPath() string { return filepath.Join(d.dir, credsName) }

// loadCreds reads the friends' passwords (user → password).
func (d *Demo) loadCreds() (map[string]string, error) {
	creds := map[string]string{}
	data, err := os.ReadFile(d.credsPath())
	if errors.Is(err, fs.ErrNotExist) {
		return creds, nil
	}
	if err != nil {
		return nil, errtext.Wrap(errtext.Internal, err, "Cannot read the demo friends' passwords: %v.", err)
	}
	if err := json.Unmarshal(data, &creds); err != nil {
		return nil, errtext.Wrap(errtext.Internal, err, "The file %s is damaged; start afresh with 'parley demo --reset'.", d.credsPath())
	}
	return creds, nil
}

// saveCreds writes the friends' passwords, readable by the owner only.
func (d *Demo) saveCreds(creds map[string]string) error {
	data, err := json.MarshalIndent(creds, "", "  ")
	if err != nil {
		return errtext.Wrap(errtext.Internal, err, "Cannot encode the demo friends' passwords: %v.", err)
	}
	tmp := d.credsPath() + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o600); err != nil {
		return errtext.Wrap(errtext.Internal, err, "Cannot save the demo friends' passwords: %v.", err)
	}
	if err := os.Rename(tmp, d.credsPath()); err != nil {
		return errtext.Wrap(errtext.Internal, err, "Cannot save the demo friends' passwords: %v.", err)
	}
	return nil
}

// randomID is n random bytes in hex (letters and digits only).
func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// publish sends the bot's whole profile; withAvatar also uploads its
// current avatar image.
func (b *bot) publish(ctx context.Context, withAvatar bool) error {
	b.mu.Lock()
	cl := b.client
	u := profile.Update{
		Nickname: b.friend.Nicknames[b.nick], Status: b.status,
		MobileNumber: b.friend.Mobile, Email: b.friend.Email,
	}
	variant := b.avatar
	b.mu.Unlock()
	if cl == nil {
		return errtext.New(errtext.Unavailable, "%s is offline.", b.jid)
	}
	if withAvatar {
		path, err := writeAvatar(filepath.Join(b.d.dir, "avatars"), b.friend.User, variant)
		if err != nil {
			return errtext.Wrap(errtext.Internal, err, "Cannot draw the avatar of %s: %v.", b.jid, err)
		}
		u.Image = path
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	if _, err := cl.UpdateProfile(ctx, u); err != nil {
		return fmt.Errorf("publish the profile of %s: %w", b.jid, err)
	}
	return nil
}
