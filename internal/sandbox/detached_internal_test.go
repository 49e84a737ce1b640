package sandbox

import (
	"path/filepath"
	"testing"
)

func TestDefaultDir(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/xdg/data")
	if d, err := DefaultDir(); err != nil || d != "/xdg/data/parley/sandbox" {
		t.Errorf("DefaultDir = %q, %v", d, err)
	}
	t.Setenv("XDG_DATA_HOME", "relative")
	t.Setenv("HOME", "/home/u")
	if d, err := DefaultDir(); err != nil || d != filepath.Join("/home/u", ".local/share/parley/sandbox") {
		t.Errorf("DefaultDir with a relative XDG_DATA_HOME = %q, %v", d, err)
	}
}
