package sandbox

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/parley-im/parley/internal/apierr"
)

// ErrProsodyMissing reports that the prosody binary is not installed. Find
// and Start return it wrapped in an *apierr.Error; test it with errors.Is.
var ErrProsodyMissing = errors.New("prosody is not installed; install it with `sudo apt-get install prosody`")

// fallbackDirs are searched when prosody is not on PATH (PATH is often short
// in service environments and sudo).
var fallbackDirs = []string{"/usr/bin", "/usr/local/bin", "/usr/sbin"}

// Find returns the path of the prosody binary: from PATH, else from the usual
// install directories.
func Find() (string, error) {
	return findTool("prosody")
}

// findCtl returns the path of prosodyctl, preferring the one next to the
// prosody binary that Find picks.
func findCtl() (string, error) {
	if p, err := Find(); err == nil {
		ctl := filepath.Join(filepath.Dir(p), "prosodyctl")
		if isExecutable(ctl) {
			return ctl, nil
		}
	}
	return findTool("prosodyctl")
}

func findTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range fallbackDirs {
		p := filepath.Join(dir, name)
		if isExecutable(p) {
			return p, nil
		}
	}
	return "", apierr.Wrap(apierr.Unavailable, fmt.Errorf("%s not found on PATH or in %v: %w", name, fallbackDirs, ErrProsodyMissing),
		"Prosody is not installed; install it with `sudo apt-get install prosody` and try again.")
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}
