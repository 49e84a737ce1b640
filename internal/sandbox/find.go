package sandbox

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

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
	return "", fmt.Errorf("%s not found on PATH or in %v: %w", name, fallbackDirs, ErrProsodyMissing)
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}
