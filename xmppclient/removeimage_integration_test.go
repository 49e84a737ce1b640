package xmppclient_test

import (
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// Removing the picture leaves a contact no avatar anywhere: the XEP-0084
// metadata is empty, the old image is gone from the data node, vcard-temp
// has no PHOTO, presence carries an empty XEP-0153 hash, and the profile
// the contact reads has no avatar.
func TestRemoveImage(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		ctx := testenv.Context(t, time.Minute)
		a, _, b, bEv := friends(t, srv)
		u := profile.Update{Nickname: "Pictured", Image: pngFile(t, t.TempDir(), 64, 64)}
		got, err := a.UpdateProfile(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if vt, err := b.VCardTemp(ctx, a.Account()); err != nil || vt.Avatar.ID != got.Avatar.ID {
			t.Fatalf("before the removal the contact's vcard-temp avatar is %q (%v), want %q", vt.Avatar.ID, err, got.Avatar.ID)
		}
		if _, _, err := b.FetchItem(ctx, a.Account(), profile.NodeAvatarData, got.Avatar.ID); err != nil {
			t.Fatalf("before the removal the contact cannot read the image: %v", err)
		}

		p, err := a.UpdateProfile(ctx, profile.Update{Nickname: "Pictured", RemoveImage: true})
		if err != nil {
			t.Fatal(err)
		}
		if p.Avatar.ID != "" || p.Avatar.HasBytes() {
			t.Fatalf("the published profile still has an avatar: %+v", p.Avatar)
		}
		waitFor(t, bEv, 10*time.Second, "an empty avatar hash in presence", func(ev xmppclient.Event) bool {
			pe, ok := ev.(xmppclient.PresenceEvent)
			return ok && pe.From == a.Account() && pe.HasPhotoUpdate && pe.PhotoHash == ""
		})
		_, meta, err := b.FetchLatest(ctx, a.Account(), profile.NodeAvatarMetadata)
		if err != nil {
			t.Fatal(err)
		}
		if av, disabled, err := profile.DecodeAvatarMetadata(meta); err != nil || !disabled {
			t.Fatalf("avatar metadata %s: %+v disabled=%v (%v), want empty", meta, av, disabled, err)
		}
		if _, data, err := b.FetchItem(ctx, a.Account(), profile.NodeAvatarData, got.Avatar.ID); err == nil {
			t.Fatalf("the old image is still in the data node (%d bytes)", len(data))
		}
		vt, err := b.VCardTemp(ctx, a.Account())
		if err != nil {
			t.Fatal(err)
		}
		if vt.Avatar.ID != "" || vt.Avatar.Data != nil || vt.Nickname != "Pictured" {
			t.Fatalf("the contact's vcard-temp: nickname %q, avatar %q (%d bytes), want Pictured and no PHOTO", vt.Nickname, vt.Avatar.ID, len(vt.Avatar.Data))
		}
		seen, err := b.GetProfile(ctx, a.Account())
		if err != nil {
			t.Fatal(err)
		}
		if seen.Avatar.ID != "" || seen.Avatar.HasBytes() {
			t.Fatalf("the contact's view still has an avatar: %+v", seen.Avatar)
		}
	})
}
