package ui

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// bigPNG is a side×side grey PNG, encoded once per test. Grey decodes to
// a byte a pixel with a plain copy (image.Gray), which keeps a flood of
// them quick enough under the race detector.
func bigPNG(t *testing.T, side int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, side, side))
	for y := range side {
		for x := range side {
			img.SetGray(x, y, color.Gray{uint8(40 + 160*(y*2/side))})
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngVariant is base with a tEXt chunk naming i after the header: a
// distinct file (and avatar id) of the same pixels, made without encoding
// the image again.
func pngVariant(base []byte, i int) []byte {
	const afterIHDR = 8 + 4 + 4 + 13 + 4 // signature, IHDR length, type, data, CRC
	body := append([]byte("tEXt"), fmt.Sprintf("Comment\x00variant %d", i)...)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(body)-4))
	chunk = append(chunk, body...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(body))
	out := append([]byte{}, base[:afterIHDR]...)
	out = append(out, chunk...)
	return append(out, base[afterIHDR:]...)
}

func avatarOf(data []byte) profile.Avatar {
	sum := sha1.Sum(data)
	return profile.Avatar{ID: hex.EncodeToString(sum[:]), Type: "image/png", Data: data}
}

// An avatar is kept at the size it is drawn, not at its own.
func TestAvatarKeptAtDrawnSize(t *testing.T) {
	c := newAvatarCache()
	img, id := c.load(avatarOf(bigPNG(t, 512)))
	if img == nil || id == "" {
		t.Fatal("the avatar did not decode")
	}
	if b := img.Bounds(); b.Dx() > c.side || b.Dy() > c.side || c.side > 64 {
		t.Fatalf("kept at %v for a drawn side of %d", b.Size(), c.side)
	}
	// A small one stays as it is.
	small := avatarOf(pngBytes(t, 4, 2, color.NRGBA{1, 2, 3, 255}, color.NRGBA{4, 5, 6, 255}))
	if img, _ := c.load(small); img == nil || img.Bounds().Size() != image.Pt(4, 2) {
		t.Fatalf("a 4×2 avatar kept as %v", img)
	}
}

// Drawing bigger than the kept image raises the size avatars are kept at:
// the next load decodes the avatar again from its bytes, bigger.
func TestAvatarDecodedAgainWhenDrawnBigger(t *testing.T) {
	c := newAvatarCache()
	av := avatarOf(bigPNG(t, 512))
	img, id := c.load(av)
	side := c.side
	c.store(avatarTrueColor, img, id, 2*side, side) // twice as wide as kept
	img, _ = c.load(av)
	if img.Bounds().Dx() != 2*side {
		t.Fatalf("drawn %d wide, kept %d wide after decoding again", 2*side, img.Bounds().Dx())
	}
	c.store(avatarTrueColor, img, id, 2*side, side)
	if _, ok := c.rendered[avatarKey{id: id, cols: 2 * side, rows: side, mode: avatarTrueColor}]; !ok {
		t.Fatal("the bigger drawing was not kept")
	}
}

// The cache holds a bounded number of avatars, the least recently used
// going first, with their drawn strings.
func TestAvatarCacheIsLRU(t *testing.T) {
	c := newAvatarCache()
	base := pngBytes(t, 8, 8, color.NRGBA{200, 30, 30, 255}, color.NRGBA{30, 30, 200, 255})
	first := avatarOf(pngVariant(base, 0))
	var last string
	for i := range 3 * maxCachedAvatars {
		av := avatarOf(pngVariant(base, i+1))
		img, id := c.load(av)
		for _, size := range []int{3, 4, 5, 6, 7, 8} { // more sizes than are kept
			c.store(avatarTrueColor, img, id, 2*size, size)
		}
		if _, fid := c.load(first); fid == "" { // used every time: stays
			t.Fatal("the first avatar did not decode")
		}
		last = id
	}
	if len(c.decoded) != maxCachedAvatars || c.order.Len() != maxCachedAvatars {
		t.Fatalf("%d avatars kept (list %d), bound %d", len(c.decoded), c.order.Len(), maxCachedAvatars)
	}
	if len(c.rendered) > maxCachedAvatars*maxRenderedPerAvatar {
		t.Fatalf("%d drawn strings kept, bound %d", len(c.rendered), maxCachedAvatars*maxRenderedPerAvatar)
	}
	if _, ok := c.decoded[avatarID(first)]; !ok {
		t.Fatal("the most recently used avatar was evicted")
	}
	if _, ok := c.decoded[last]; !ok {
		t.Fatal("the newest avatar was evicted")
	}
	if _, ok := c.decoded[avatarID(avatarOf(pngVariant(base, 1)))]; ok {
		t.Fatal("the least recently used avatar survived")
	}
	for k := range c.rendered {
		if _, ok := c.decoded[k.id]; !ok {
			t.Fatalf("a drawn string of an evicted avatar survived: %+v", k)
		}
	}
}

// 40 distinct 2048×2048 avatars from one contact whose profile is open,
// each through the session's event path, leave the heap where it was: the
// UI keeps avatars at the size it draws them and a bounded number of them.
// (Kept whole, each would hold 4 MiB.)
func TestAvatarFloodKeepsMemoryFlat(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, sampleContacts()...)
	m.colors = colorprofile.TrueColor
	press(t, m, "p") // Bob is under the cursor
	if m.screen != screenProfile || m.view.jid != "bob@example.org" {
		t.Fatalf("screen %v view %q", m.screen, m.view.jid)
	}
	base := bigPNG(t, 2048)
	publish := func(i int) profile.Avatar {
		av := avatarOf(pngVariant(base, i))
		send(t, m, xmppclient.ProfileEvent{Profile: profile.Profile{JID: "bob@example.org", Nickname: "Bob", Avatar: av}})
		return av
	}
	publish(0)
	before := heapInUse()
	var av profile.Avatar
	for i := 1; i <= 40; i++ {
		av = publish(i)
	}
	grew := int64(heapInUse()) - int64(before)
	t.Logf("40 avatars of 2048×2048 (%d KiB each) changed the heap by %d KiB", len(base)/1024, grew/1024)
	// The bound is every avatar the cache may hold, decoded at the drawn
	// size and drawn maxRenderedPerAvatar times (side×side/2 cells of
	// about 48 bytes of escapes), plus 256 KiB for the rest of the model:
	// about 1 MiB, a quarter of one 2048×2048 grey avatar kept whole.
	side := m.avatars.side
	perAvatar := side*side*4 + maxRenderedPerAvatar*side*(side/2)*48
	bound := heapSlack * float64(maxCachedAvatars*perAvatar+256<<10)
	if float64(grew) > bound {
		t.Fatalf("the heap grew by %d KiB, bound %.0f KiB", grew/1024, bound/1024)
	}
	el, ok := m.avatars.decoded[av.ID]
	if !ok || el.Value.(*avatarEntry).img == nil {
		t.Fatal("the last avatar is not the one prepared for drawing")
	}
	if b := el.Value.(*avatarEntry).img.Bounds(); b.Dx() > m.avatars.side || b.Dy() > m.avatars.side {
		t.Fatalf("the avatar is kept at %v", b.Size())
	}
	mustDrawPurely(t, m, "the profile after the flood")
}

// A contact removed from the roster takes its avatar out of the cache, and
// a replaced avatar goes at once.
func TestAvatarDroppedWithContact(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, sampleContacts()...)
	m.colors = colorprofile.TrueColor
	base := pngBytes(t, 32, 32, color.NRGBA{200, 30, 30, 255}, color.NRGBA{30, 30, 200, 255})
	old, av := avatarOf(pngVariant(base, 1)), avatarOf(pngVariant(base, 2))
	bob := profile.Profile{JID: "bob@example.org", Nickname: "Bob", Avatar: old}
	send(t, m, xmppclient.ProfileEvent{Profile: bob})
	press(t, m, "p") // Bob's profile draws his avatar
	if _, ok := m.avatars.decoded[old.ID]; !ok {
		t.Fatal("the open profile's avatar was not prepared")
	}
	bob.Avatar = av
	send(t, m, xmppclient.ProfileEvent{Profile: bob})
	if _, ok := m.avatars.decoded[old.ID]; ok {
		t.Fatal("the replaced avatar is still kept")
	}
	if _, ok := m.avatars.decoded[av.ID]; !ok {
		t.Fatal("the new avatar was not prepared")
	}
	press(t, m, "esc")
	send(t, m, xmppclient.RosterEvent{Contact: xmppclient.Contact{JID: "bob@example.org"}, Removed: true})
	if _, ok := m.avatars.decoded[av.ID]; ok {
		t.Fatal("the avatar of a removed contact is still kept")
	}
	for k := range m.avatars.rendered {
		if k.id == av.ID {
			t.Fatal("a drawing of a removed contact's avatar is still kept")
		}
	}
}

// Avatar X → Y → X shows X: the avatar dropped when Y replaced it is
// decoded again from the profile's bytes.
func TestAvatarChangeBackShowsIt(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, sampleContacts()...)
	m.colors = colorprofile.TrueColor
	red := avatarOf(pngBytes(t, 32, 32, color.NRGBA{200, 30, 30, 255}, color.NRGBA{200, 30, 30, 255}))
	green := avatarOf(pngBytes(t, 32, 32, color.NRGBA{30, 200, 30, 255}, color.NRGBA{30, 200, 30, 255}))
	press(t, m, "p") // Bob's profile
	for i, av := range []profile.Avatar{red, green, red} {
		send(t, m, xmppclient.ProfileEvent{Profile: profile.Profile{JID: "bob@example.org", Nickname: "Bob", Avatar: av}})
		v := m.View().Content
		want, other := "38;2;200;30;30", "38;2;30;200;30"
		if av.ID == green.ID {
			want, other = other, want
		}
		if !strings.Contains(v, want) || strings.Contains(v, other) {
			t.Fatalf("step %d: the profile does not show the avatar just published", i)
		}
	}
}

// A contact's avatar comes as its file in the avatar cache, not its bytes
// (xmppclient keeps 1,000 contacts' avatars on disk): the open profile
// reads and draws it, and a file gone from the cache shows the initials
// rather than failing the screen.
func TestAvatarFromItsCachedFile(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30, sampleContacts()...)
	m.colors = colorprofile.TrueColor
	data := pngBytes(t, 32, 32, color.NRGBA{200, 30, 30, 255}, color.NRGBA{200, 30, 30, 255})
	cache := profile.Cache{Dir: t.TempDir()}
	av := avatarOf(data)
	path, err := cache.Put(av.ID, data)
	if err != nil {
		t.Fatal(err)
	}
	av.Data, av.Path = nil, path
	send(t, m, xmppclient.ProfileEvent{Profile: profile.Profile{JID: "bob@example.org", Nickname: "Bob", Avatar: av}})
	press(t, m, "p") // Bob's profile
	if v := m.View().Content; !strings.Contains(v, "38;2;200;30;30") {
		t.Fatalf("the profile does not draw the avatar from its file:\n%s", v)
	}

	gone := avatarOf(pngBytes(t, 32, 32, color.NRGBA{30, 200, 30, 255}, color.NRGBA{30, 200, 30, 255}))
	gone.Data, gone.Path = nil, path+".gone"
	send(t, m, xmppclient.ProfileEvent{Profile: profile.Profile{JID: "bob@example.org", Nickname: "Bob", Avatar: gone}})
	if v := m.View().Content; strings.Contains(v, "38;2;200;30;30") || !strings.Contains(v, "Bob") {
		t.Fatalf("with its file gone the profile still shows the old avatar, or not Bob:\n%s", v)
	}
}
