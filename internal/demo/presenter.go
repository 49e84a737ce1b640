package demo

import (
	"context"
	"path/filepath"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/xmppclient"
)

// befriendTimeout bounds waiting for every subscription to become mutual.
const befriendTimeout = 30 * time.Second

// Presenter is the trial account the demo is shown with.
type Presenter struct {
	JID      string `json:"jid"`
	Password string `json:"-"`
}

// NewPresenter registers a fresh trial account on the sandbox, logs it in
// and befriends it with every demo friend. The caller owns the returned
// session (Logout it before handing the account to the UI, or keep it).
func (d *Demo) NewPresenter(ctx context.Context) (Presenter, *xmppclient.Client, error) {
	res, err := xmppclient.Register(ctx, d.config(d.srv.Domain, ""), "guest"+randomID(4), nil)
	if err != nil {
		return Presenter{}, nil, err
	}
	p := Presenter{JID: res.UserJID, Password: res.Password}
	cl := xmppclient.New(d.config(p.JID, p.Password))
	if err := cl.Connect(ctx); err != nil {
		return p, nil, err
	}
	if err := d.Befriend(ctx, cl); err != nil {
		logout(cl)
		return p, nil, err
	}
	return p, cl, nil
}

// Befriend makes cl's account and every demo friend mutual contacts: cl
// adds each friend, the friend accepts by itself and asks back, and cl
// approves that because it added the friend. It returns once every
// subscription is mutual on cl's roster, or fails after befriendTimeout.
// The friends pause meanwhile, and any that is offline comes online.
func (d *Demo) Befriend(ctx context.Context, cl *xmppclient.Client) error {
	d.steps.Lock()
	defer d.steps.Unlock()
	for _, b := range d.bots {
		if b.online() {
			continue
		}
		if err := b.connect(ctx); err != nil {
			return err
		}
	}
	events, stop := cl.Subscribe()
	defer stop()
	for _, b := range d.bots {
		if err := cl.AddContact(ctx, b.jid, b.friend.Nickname()); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, befriendTimeout)
	defer cancel()
	// Roster pushes come as events; the ticker only re-checks in case one
	// was missed.
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		missing := d.notMutual(cl)
		if len(missing) == 0 {
			return nil
		}
		select {
		case _, ok := <-events:
			if !ok {
				events = nil // logged out: only the deadline is left
			}
		case <-tick.C:
		case <-ctx.Done():
			return errtext.New(errtext.Unavailable, "The demo friends did not all accept %s in time (still waiting for %v).", cl.Account(), missing)
		}
	}
}

// notMutual lists the friends whose subscription with cl is not "both".
func (d *Demo) notMutual(cl *xmppclient.Client) []string {
	both := map[string]bool{}
	for _, c := range cl.Contacts() {
		if c.Subscription == "both" {
			both[c.JID] = true
		}
	}
	var missing []string
	for _, b := range d.bots {
		if !both[b.jid] {
			missing = append(missing, b.jid)
		}
	}
	return missing
}

// logout ends a session, bounded so a dead server cannot hang the caller.
func logout(cl *xmppclient.Client) {
	ctx, cancel := context.WithTimeout(context.Background(), logoutTimeout)
	defer cancel()
	_ = cl.Logout(ctx)
}

// OpenStore opens the keystore the UI uses for the presenter: its account
// list lives in the demo directory (wiped with the sandbox), its password
// in memory only, and it already holds p, so the UI logs straight in.
func (d *Demo) OpenStore(p Presenter) (*keystore.Store, error) {
	st, err := OpenStore(filepath.Join(d.dir, "accounts"))
	if err != nil {
		return nil, err
	}
	return st, p.SaveIn(st)
}

// SaveIn records p in st as a sandbox account with its password, so that
// a UI over st logs straight in with --account p.JID.
func (p Presenter) SaveIn(st *keystore.Store) error {
	if err := st.SaveAccount(keystore.Account{JID: p.JID, Sandbox: true}); err != nil {
		return err
	}
	_, err := st.SavePassword(p.JID, p.Password)
	return err
}
