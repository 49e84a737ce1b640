package app

import (
	"os"
	"testing"
)

// TestMain keeps what a log-in writes (the local history under
// XDG_DATA_HOME, caches) out of the user's home.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "parley-app-test-")
	if err != nil {
		panic(err)
	}
	for _, v := range []string{"XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"} {
		os.Setenv(v, dir+"/"+v)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
