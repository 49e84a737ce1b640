package xdg

import (
	"path/filepath"
	"testing"
)

func TestDirs(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	funcs := []struct {
		env, fallback string
		fn            func() (string, error)
	}{
		{"XDG_CONFIG_HOME", ".config", Config},
		{"XDG_DATA_HOME", filepath.Join(".local", "share"), Data},
		{"XDG_STATE_HOME", filepath.Join(".local", "state"), State},
		{"XDG_CACHE_HOME", ".cache", Cache},
	}
	for _, f := range funcs {
		t.Run(f.env, func(t *testing.T) {
			abs := filepath.Join(home, "elsewhere")
			for _, c := range []struct{ value, want string }{
				{abs, filepath.Join(abs, "parley")},
				{"", filepath.Join(home, f.fallback, "parley")},
				{"relative/dir", filepath.Join(home, f.fallback, "parley")}, // ignored, as the spec asks
			} {
				t.Setenv(f.env, c.value)
				got, err := f.fn()
				if err != nil || got != c.want {
					t.Errorf("%s=%q: got %q, %v; want %q", f.env, c.value, got, err, c.want)
				}
			}
		})
	}
}

func TestNoHome(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "")
	if d, err := Config(); err == nil {
		t.Fatalf("Config without HOME = %q, want an error", d)
	}
}
