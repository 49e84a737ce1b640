package profile

import (
	"errors"
	"image"
	"os"
	"testing"
)

// An avatar kept by its cached file reads back its bytes, and one whose
// file went or changed says so instead of handing out other bytes.
func TestAvatarBytesFromTheCache(t *testing.T) {
	data := encodePNG(t, image.NewGray(image.Rect(0, 0, 4, 4)))
	id := AvatarID(data)
	c := Cache{Dir: t.TempDir()}
	path, err := c.Put(id, data)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := c.Lookup(id)
	if !ok || got != path {
		t.Fatalf("Lookup(%s) = %q, %v; want %q", id, got, ok, path)
	}
	av := Avatar{ID: id, Path: path}
	if !av.HasBytes() {
		t.Fatal("an avatar with a cached file has no bytes at hand")
	}
	b, err := av.Bytes()
	if err != nil || string(b) != string(data) {
		t.Fatalf("Bytes() = %d bytes, %v; want the %d cached", len(b), err, len(data))
	}

	if err := os.WriteFile(path, append([]byte("x"), data...), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := av.Bytes(); !errors.Is(err, ErrAvatarGone) {
		t.Fatalf("Bytes() of a changed file: %v, want ErrAvatarGone", err)
	}
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) { // reading the changed one may have removed it
		t.Fatal(err)
	}
	if _, err := av.Bytes(); !errors.Is(err, ErrAvatarGone) {
		t.Fatalf("Bytes() of a removed file: %v, want ErrAvatarGone", err)
	}
	if _, ok := c.Lookup(id); ok {
		t.Fatal("Lookup found a removed file")
	}
	if (Avatar{ID: id}).HasBytes() {
		t.Fatal("an avatar with neither Data nor Path has bytes at hand")
	}
}
