package ui

import (
	"container/list"
	"image"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

type avatarKey struct {
	id         string
	cols, rows int
	mode       avatarMode
}

// avatarCache keeps what the screens need to draw avatars without decoding
// or scaling in a frame: each avatar decoded and scaled down to the
// largest size it is drawn at, and its drawn strings by size and mode. It
// holds at most maxCachedAvatars avatars, the least recently used going
// first, so a contact who publishes avatar after avatar costs a bounded
// amount of memory. The avatar's bytes stay with its profile in the
// store, so one dropped here is decoded again when it is next drawn.
//
// The LRU is container/list with a map: the standard library has no LRU
// cache, and evicting an avatar must also drop its drawn strings.
type avatarCache struct {
	order    *list.List               // of *avatarEntry, most recently used first
	decoded  map[string]*list.Element // by avatar id
	failed   map[string]bool          // ids that did not decode
	rendered map[avatarKey]string
	side     int // decoded images are kept fitting side×side pixels

	// Kitty graphics: the number in the terminal of each image drawn
	// that way, the transmissions the last update made (written after
	// it, see Model.flushGraphics) and the numbers to free there.
	kitty   map[avatarKey]uint32
	numbers kittyNumbers
	pending []tea.Cmd
	freed   []uint32
}

type avatarEntry struct {
	id     string
	img    image.Image // nil when only drawn strings are kept (the editor's preview)
	shrunk bool        // img is smaller than the image decoded
	keys   []avatarKey // its strings in rendered, oldest first
}

const (
	// maxCachedAvatars bounds the avatars kept: a screen draws at most
	// three (the own card, a profile, the editor's preview).
	maxCachedAvatars = 32
	// maxRenderedPerAvatar bounds the drawn strings of one avatar (a few
	// window sizes, two colour modes).
	maxRenderedPerAvatar = 4
	// maxFailedAvatars bounds the ids remembered as undecodable; past it
	// they start over, which costs one more failed decode each.
	maxFailedAvatars = 256
)

func newAvatarCache() *avatarCache {
	return &avatarCache{
		order:    list.New(),
		decoded:  map[string]*list.Element{},
		failed:   map[string]bool{},
		rendered: map[avatarKey]string{},
		kitty:    map[avatarKey]uint32{},
		side:     drawnSide(),
	}
}

// drawnSide is the largest side, in pixels, of an avatar any screen
// draws: half-blocks give a cell one pixel across and two down.
func drawnSide() int {
	const huge = 1 << 12 // bigger than any terminal, for the largest layout
	pc, pr, _ := profileAvatarSize(huge, huge)
	ec, er, _ := editPreviewSize(huge)
	return max(ownAvatarCols, 2*ownAvatarRows, pc, 2*pr, ec, 2*er)
}

// decode decodes data (profile.DecodeImage checks size and dimensions
// first) and scales it down to fit the drawn size; shrunk says it was
// bigger.
func (c *avatarCache) decode(data []byte) (img image.Image, shrunk bool, err error) {
	full, err := profile.DecodeImage(data)
	if err != nil {
		return nil, false, err
	}
	img = profile.ScaleToFit(full, c.side)
	return img, img.Bounds().Size() != full.Bounds().Size(), nil
}

// load returns the avatar's image, decoded and kept when it is not kept
// already, and marks it used; nil when there is none or it is bad.
func (c *avatarCache) load(av profile.Avatar) (image.Image, string) {
	if !av.HasBytes() {
		return nil, ""
	}
	id := avatarID(av)
	if c.failed[id] {
		return nil, ""
	}
	if el, ok := c.decoded[id]; ok {
		c.order.MoveToFront(el)
		if e := el.Value.(*avatarEntry); e.img != nil {
			return e.img, id
		}
	}
	// A contact's avatar comes as its cached file (profile.Avatar.Bytes):
	// read here, in Update, and only for what is on screen.
	data, err := av.Bytes()
	if err != nil {
		return nil, "" // gone from the cache: the initials, until a profile event brings it again
	}
	img, shrunk, err := c.decode(data)
	if err != nil {
		if len(c.failed) >= maxFailedAvatars {
			clear(c.failed)
		}
		c.failed[id] = true
		return nil, ""
	}
	e := c.entry(id)
	e.img, e.shrunk = img, shrunk
	return img, id
}

// lookup is load without keeping or reordering anything, for View: the
// kept image, or one decoded now from Data when layout has not prepared
// it (View reads no file).
func (c *avatarCache) lookup(av profile.Avatar) (image.Image, string) {
	if !av.HasBytes() {
		return nil, ""
	}
	id := avatarID(av)
	if el, ok := c.decoded[id]; ok {
		if e := el.Value.(*avatarEntry); e.img != nil {
			return e.img, id
		}
	}
	if c.failed[id] || len(av.Data) == 0 {
		return nil, ""
	}
	img, _, err := c.decode(av.Data)
	if err != nil {
		return nil, ""
	}
	return img, id
}

// store draws img (known as id) for cols×rows in mode and keeps the
// string. A size bigger than the kept image was scaled for raises the
// size images are kept at: the shrunk image is dropped, to be decoded
// again from the profile's bytes by the next load.
func (c *avatarCache) store(mode avatarMode, img image.Image, id string, cols, rows int) {
	k := avatarKey{id: id, cols: cols, rows: rows, mode: mode}
	if _, ok := c.rendered[k]; ok || id == "" || mode < avatarANSI256 {
		return
	}
	e := c.entry(id)
	if need := max(cols, 2*rows); need > c.side {
		c.side = need
		if e.shrunk {
			e.img, e.shrunk = nil, false
			return
		}
	}
	c.keep(e, k, halfBlocks(img, cols, rows, mode == avatarANSI256))
}

// storeKitty is store for kitty graphics: it gives the image (src, known
// as id) a number, keeps its placeholders for cols×rows and queues its
// transmission, once for each size. src is called off the update loop,
// so an avatar is decoded there at the size sent, not the size kept.
func (c *avatarCache) storeKitty(g graphics, trueColor bool, src func() (image.Image, error), id string, cols, rows int) {
	k := avatarKey{id: id, cols: cols, rows: rows, mode: avatarKitty}
	if _, ok := c.rendered[k]; ok || id == "" {
		return
	}
	num := c.numbers.take(trueColor)
	c.kitty[k] = num
	c.pending = append(c.pending, g.kittyTransmit(num, src, cols, rows))
	c.keep(c.entry(id), k, placeholders(num, cols, rows, trueColor))
}

// keep keeps s as e's drawing for k; past maxRenderedPerAvatar the
// oldest goes.
func (c *avatarCache) keep(e *avatarEntry, k avatarKey, s string) {
	c.rendered[k] = s
	e.keys = append(e.keys, k)
	if len(e.keys) > maxRenderedPerAvatar {
		c.forget(e.keys[0])
		e.keys = e.keys[1:]
	}
}

// forget drops the drawing for k, and frees its image in the terminal.
func (c *avatarCache) forget(k avatarKey) {
	delete(c.rendered, k)
	if num, ok := c.kitty[k]; ok {
		delete(c.kitty, k)
		c.freed = append(c.freed, num)
	}
}

// entry returns id's entry, made when there is none, as the most recently
// used; the least recently used go past the bound.
func (c *avatarCache) entry(id string) *avatarEntry {
	if el, ok := c.decoded[id]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*avatarEntry)
	}
	e := &avatarEntry{id: id}
	c.decoded[id] = c.order.PushFront(e)
	for c.order.Len() > maxCachedAvatars {
		c.remove(c.order.Back())
	}
	return e
}

func (c *avatarCache) remove(el *list.Element) {
	e := c.order.Remove(el).(*avatarEntry)
	for _, k := range e.keys {
		c.forget(k)
	}
	delete(c.decoded, e.id)
}

// drop forgets the avatar av, decoded and drawn.
func (c *avatarCache) drop(av profile.Avatar) {
	if !av.HasBytes() {
		return
	}
	if el, ok := c.decoded[avatarID(av)]; ok {
		c.remove(el)
	}
}

// dropAvatars forgets the avatars an event leaves unused, before the
// store applies it: that of a contact removed from the roster, and the
// one a profile replaces. Another contact with the same avatar only costs
// a decode when it is next drawn.
func (m *Model) dropAvatars(ev xmppclient.Event) {
	switch ev := ev.(type) {
	case xmppclient.RosterEvent:
		if p, ok := m.state.profile(ev.Contact.JID); ok && ev.Removed {
			m.avatars.drop(p.Avatar)
		}
	case xmppclient.ProfileEvent:
		old, ok := m.state.profile(bare(ev.Profile.JID))
		if ok && old.Avatar.HasBytes() && (!ev.Profile.Avatar.HasBytes() || avatarID(old.Avatar) != avatarID(ev.Profile.Avatar)) {
			m.avatars.drop(old.Avatar)
		}
	}
}
