package demo

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// DefaultPace is the time between two actions of the demo friends.
const DefaultPace = 4 * time.Second

// action is one thing a demo friend does on its turn.
type action int

const (
	actOnline  action = iota // log in again after actOffline
	actOffline               // log out
	actStatus                // new status text (profile and presence)
	actShow                  // new availability: online, away, dnd, xa
	actNick                  // wear another nickname
	actAvatar                // show another avatar
)

// turns is one round of an online friend's actions, shuffled each time;
// actOnline follows actOffline on the friend's next turn.
var turns = []action{actStatus, actShow, actStatus, actNick, actAvatar, actOffline}

var shows = []xmppclient.Show{xmppclient.ShowOnline, xmppclient.ShowAway, xmppclient.ShowDND, xmppclient.ShowXA}

// bot is the live session of one demo friend.
type bot struct {
	d        *Demo
	friend   Friend
	jid      string
	password string
	replies  atomic.Int64 // replies sent, to pick the next one

	// Changed by the scheduler; read by the event loop.
	mu     sync.Mutex
	client *xmppclient.Client // nil while offline
	show   xmppclient.Show
	status string
	nick   int // index into friend.Nicknames
	avatar int // avatar variant
	bag    []action
}

// Run animates the demo friends until ctx ends: every pace one friend
// acts; the friends take turns in a shuffled order, and each works
// through a shuffled round of actions (so within 6 turns of its own, any
// friend has gone offline and back and changed status, availability,
// nickname and avatar). Meanwhile each online friend answers chat
// messages. When ctx ends the friends log out and Run returns.
func (d *Demo) Run(ctx context.Context, pace time.Duration) {
	defer d.Close()
	if pace <= 0 {
		pace = DefaultPace
	}
	rnd := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	tick := time.NewTicker(pace)
	defer tick.Stop()
	var order []*bot
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if len(order) == 0 {
			order = slices.Clone(d.bots)
			rnd.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		b := order[0]
		order = order[1:]
		d.steps.Lock()
		err := b.step(ctx, rnd)
		d.steps.Unlock()
		if err != nil && ctx.Err() == nil {
			d.log.Warn("demo friend", "jid", b.jid, "err", err)
		}
	}
}

// step performs the bot's next action.
func (b *bot) step(ctx context.Context, rnd *rand.Rand) error {
	b.mu.Lock()
	online := b.client != nil
	if online && len(b.bag) == 0 {
		b.bag = slices.Clone(turns)
		rnd.Shuffle(len(b.bag), func(i, j int) { b.bag[i], b.bag[j] = b.bag[j], b.bag[i] })
	}
	act := actOnline
	if online {
		act, b.bag = b.bag[0], b.bag[1:]
	}
	b.mu.Unlock()

	switch act {
	case actOnline:
		return b.connect(ctx)
	case actOffline:
		b.disconnect()
		return nil
	case actStatus:
		b.mu.Lock()
		b.status = other(b.friend.Statuses, b.status, rnd)
		b.mu.Unlock()
		// A profile save leaves the presence text alone: a friend keeps
		// the two in step himself, as a user would.
		if err := b.publish(ctx, false); err != nil {
			return err
		}
		return b.announce(ctx)
	case actShow:
		b.mu.Lock()
		b.show = other(shows, b.show, rnd)
		b.mu.Unlock()
		return b.announce(ctx)
	case actNick:
		b.mu.Lock()
		b.nick = (b.nick + 1) % len(b.friend.Nicknames)
		b.mu.Unlock()
		return b.publish(ctx, false)
	case actAvatar:
		b.mu.Lock()
		b.avatar++
		b.mu.Unlock()
		return b.publish(ctx, true)
	}
	return nil
}

// other picks an element of list other than cur (cur itself if it is the
// only one).
func other[T comparable](list []T, cur T, rnd *rand.Rand) T {
	var rest []T
	for _, v := range list {
		if v != cur {
			rest = append(rest, v)
		}
	}
	if len(rest) == 0 {
		return cur
	}
	return rest[rnd.IntN(len(rest))]
}

// connect logs the bot in (a new session each time), starts its event
// loop and announces its availability and status.
func (b *bot) connect(ctx context.Context) error {
	cl := xmppclient.New(b.d.config(b.jid, b.password))
	cl.MarkActive()
	events, _ := cl.Subscribe() // closed by Logout
	b.d.serving.Go(func() { b.serve(cl, events) })
	cctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	if err := cl.Connect(cctx); err != nil {
		logout(cl) // ends the event loop
		return err
	}
	b.mu.Lock()
	b.client = cl
	b.mu.Unlock()
	return b.announce(ctx)
}

// announce sends the bot's availability and status text.
func (b *bot) announce(ctx context.Context) error {
	b.mu.Lock()
	cl, show, status := b.client, b.show, b.status
	b.mu.Unlock()
	if cl == nil {
		return errtext.New(errtext.Unavailable, "%s is offline.", b.jid)
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	return cl.SetPresence(ctx, show, status)
}

// online reports whether the bot has a session.
func (b *bot) online() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.client != nil
}

// disconnect logs the bot out, if it is online.
func (b *bot) disconnect() {
	b.mu.Lock()
	cl := b.client
	b.client = nil
	b.mu.Unlock()
	if cl != nil {
		logout(cl)
	}
}

// serve answers what reaches one session of the bot until it logs out:
// subscription requests are accepted, chat messages from people (not
// from other demo friends) get a short reply.
func (b *bot) serve(cl *xmppclient.Client, events <-chan xmppclient.Event) {
	for ev := range events {
		switch ev := ev.(type) {
		case xmppclient.SubscriptionRequestEvent:
			b.do(func(ctx context.Context) error { return cl.AcceptSubscription(ctx, ev.From) })
		case xmppclient.MessageEvent:
			if ev.From == b.jid || b.d.isBot(ev.From) {
				continue
			}
			n := b.replies.Add(1) - 1
			reply := b.friend.Replies[int(n)%len(b.friend.Replies)]
			b.do(func(ctx context.Context) error { return cl.SendMessage(ctx, ev.From, reply) })
		}
	}
}

// do runs one bounded operation of the event loop, logging a failure.
func (b *bot) do(f func(ctx context.Context) error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	if err := f(ctx); err != nil {
		b.d.log.Warn("demo friend", "jid", b.jid, "err", err)
	}
}

// isBot reports whether jid is one of the demo friends.
func (d *Demo) isBot(jid string) bool {
	for _, b := range d.bots {
		if b.jid == jid {
			return true
		}
	}
	return false
}
