package testenv

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Tmux drives a real program in a private tmux server (its own socket, so
// nothing touches the user's tmux), at a fixed size, for end-to-end tests
// of the terminal UI.
type Tmux struct {
	t      testing.TB
	socket string
}

var buildOnce sync.Once
var builtBinary string
var buildErr error

// Binary builds the parley binary once per test process and returns its
// path.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "parley-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBinary = filepath.Join(dir, "parley")
		root, err := moduleRoot()
		if err != nil {
			buildErr = err
			return
		}
		cmd := exec.Command("go", "build", "-o", builtBinary, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0") // as `make build` does
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBinary
}

// RemoveBinary deletes what Binary built; call it from TestMain once the
// tests have run.
func RemoveBinary() {
	if builtBinary != "" {
		_ = os.RemoveAll(filepath.Dir(builtBinary))
	}
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out))), nil
}

// StartTmux runs argv in a new private tmux server of size w×h with env
// ("NAME=value") added to the environment; an entry without "=" removes
// that variable (e.g. "DBUS_SESSION_BUS_ADDRESS", so that no keyring is
// found). The server is killed when the test ends.
func StartTmux(t testing.TB, w, h int, env []string, argv ...string) *Tmux {
	t.Helper()
	RequireBinary(t, "tmux")
	tm := &Tmux{t: t, socket: fmt.Sprintf("parley-test-%d-%d", os.Getpid(), time.Now().UnixNano())}
	// The command runs through env(1) so that variables reach it whatever
	// the tmux server's own environment holds. env(1) wants its -u options
	// before the assignments.
	cmd := []string{"env"}
	var set []string
	for _, kv := range env {
		if strings.Contains(kv, "=") {
			set = append(set, kv)
		} else {
			cmd = append(cmd, "-u", kv)
		}
	}
	cmd = append(cmd, set...)
	cmd = append(cmd, argv...)
	// The options are set before the session starts: a program that exits
	// at once still leaves its pane (title, screen) to inspect.
	args := []string{"-L", tm.socket, "-f", "/dev/null", "start-server", ";",
		"set-option", "-g", "escape-time", "0", ";",
		"set-option", "-g", "remain-on-exit", "on", ";",
		"new-session", "-d", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), shellJoin(cmd)}
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		_ = tm.run("kill-server")
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = tm.run("kill-server") })
	return tm
}

func shellJoin(args []string) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("'" + strings.ReplaceAll(a, "'", `'\''`) + "'")
	}
	return b.String()
}

func (tm *Tmux) run(args ...string) error {
	out, err := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("tmux %v: %v: %s", args, err, out)
	}
	return nil
}

// Keys sends tmux key names ("Enter", "Escape", "C-c", "Tab"…).
func (tm *Tmux) Keys(keys ...string) {
	tm.t.Helper()
	if err := tm.run(append([]string{"send-keys", "-t", "0"}, keys...)...); err != nil {
		tm.t.Fatal(err)
	}
}

// Type sends text literally.
func (tm *Tmux) Type(text string) {
	tm.t.Helper()
	if err := tm.run("send-keys", "-t", "0", "-l", text); err != nil {
		tm.t.Fatal(err)
	}
}

// Screen returns the visible screen as text.
func (tm *Tmux) Screen() string {
	tm.t.Helper()
	out, err := exec.Command("tmux", "-L", tm.socket, "capture-pane", "-p", "-t", "0").Output()
	if err != nil {
		tm.t.Fatalf("capture-pane: %v", err)
	}
	return string(out)
}

// ScreenEscapes returns the visible screen with the escape sequences of
// its colours and attributes (capture-pane -e): what a terminal was made
// to do, besides the text it shows.
func (tm *Tmux) ScreenEscapes() string {
	tm.t.Helper()
	out, err := exec.Command("tmux", "-L", tm.socket, "capture-pane", "-p", "-e", "-t", "0").Output()
	if err != nil {
		tm.t.Fatalf("capture-pane -e: %v", err)
	}
	return string(out)
}

// Title returns the pane's title as the program left it.
func (tm *Tmux) Title() string {
	tm.t.Helper()
	out, err := exec.Command("tmux", "-L", tm.socket, "display-message", "-p", "-t", "0", "#{pane_title}").Output()
	if err != nil {
		tm.t.Fatalf("display-message: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// WaitFor polls the screen every 50 ms until pattern (a regular expression)
// matches, and returns the screen; it fails the test after limit with the
// last screen.
func (tm *Tmux) WaitFor(pattern string, limit time.Duration) string {
	tm.t.Helper()
	re := regexp.MustCompile(pattern)
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	var screen string
	for {
		screen = tm.Screen()
		if re.MatchString(screen) {
			return screen
		}
		select {
		case <-ctx.Done():
			tm.t.Fatalf("screen never matched %q within %v; last screen:\n%s", pattern, limit, screen)
			return screen
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Kill ends the program in the pane with SIGKILL, as a crash or the OOM
// killer would: no cleanup of its own runs. The pane's process is the
// program itself (env(1) execs it).
func (tm *Tmux) Kill() {
	tm.t.Helper()
	out, err := exec.Command("tmux", "-L", tm.socket, "display-message", "-p", "#{pane_pid}").Output()
	if err != nil {
		tm.t.Fatalf("tmux pane pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		tm.t.Fatalf("tmux pane pid %q: %v", out, err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		tm.t.Fatalf("kill %d: %v", pid, err)
	}
}
