package ejabberd

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/parley-im/parley/internal/sandbox"
)

// Bounds of the waits around ejabberd's life. They are upper bounds: every
// wait polls and returns as soon as the condition holds.
const (
	startLimit   = 45 * time.Second        // until the port serves XMPP
	stopLimit    = 20 * time.Second        // after ejabberdctl stop, before SIGKILL
	killLimit    = 5 * time.Second         // after SIGKILL
	ctlLimit     = 30 * time.Second        // one ejabberdctl call
	pollInterval = 50 * time.Millisecond   // between checks
	probeEach    = 3 * time.Second         // bound of one readiness probe
	logTailBytes = 2048                    // log quoted in start errors
	ctlProgram   = "ejabberdctl"           // the control script on PATH
	sbinCtl      = "/usr/sbin/ejabberdctl" // Debian's place, often not on a user's PATH
)

// ErrMissing is returned by Find when ejabberdctl is not installed.
var ErrMissing = errors.New("ejabberdctl not found (install the ejabberd package)")

// Options configure Start.
type Options struct {
	Dir    string // private directory for all files; required
	Port   int    // c2s port on 127.0.0.1; 0 picks a free one
	Domain string // the virtual host; "localhost" when empty
	// ClosedRegistration denies in-band registration (XEP-0077): the
	// register access rule becomes deny, so a registration is refused.
	// Accounts can still be made with RegisterUser.
	ClosedRegistration bool
	// Debug makes ejabberd log at debug level instead of info.
	Debug bool
	// NoRosterVersioning leaves roster versioning (RFC 6121 §2.6) off, as
	// mod_roster's own default has it; Debian's packaged configuration,
	// and so this package's by default, turns it on.
	NoRosterVersioning bool
	// CaptchaCmd, a program's absolute path, protects in-band
	// registration with a CAPTCHA (XEP-0158): ejabberd runs it with the
	// text to read as its argument and reads the image (PNG, JPEG or GIF)
	// from its standard output.
	CaptchaCmd string
}

// Server is one running ejabberd. Its exported fields are fixed once Start
// returns.
type Server struct {
	Dir    string // the server directory (absolute)
	Domain string // the virtual host
	Addr   string // "127.0.0.1:PORT", the c2s (STARTTLS) address
	Port   int
	CAFile string // PEM a client must trust (the server's own certificate)
	Node   string // Erlang node name, NAME@localhost, unique per Server

	ctl   string    // path of ejabberdctl
	guard *exec.Cmd // stops the node if this process dies; nil when stopped
	held  io.Closer // the guard's stdin: closed when this process dies
}

// Find returns the path of ejabberdctl, or ErrMissing.
func Find() (string, error) {
	if p, err := exec.LookPath(ctlProgram); err == nil {
		return p, nil
	}
	if st, err := os.Stat(sbinCtl); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
		return sbinCtl, nil
	}
	return "", ErrMissing
}

// Start writes the server files into opts.Dir, starts ejabberd detached and
// returns once the port serves XMPP with a certificate that verifies
// against CAFile. The caller must Stop the server.
func Start(ctx context.Context, opts Options) (*Server, error) {
	ctl, err := Find()
	if err != nil {
		return nil, err
	}
	if opts.Dir == "" {
		return nil, errors.New("ejabberd: Options.Dir is required")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("ejabberd directory: %w", err)
	}
	if opts.Domain == "" {
		opts.Domain = "localhost"
	}
	if opts.Port == 0 {
		if opts.Port, err = sandbox.FreePort(); err != nil {
			return nil, fmt.Errorf("no free port for ejabberd: %w", err)
		}
	}
	distPort, err := sandbox.FreePort()
	if err != nil {
		return nil, fmt.Errorf("no free Erlang distribution port: %w", err)
	}
	tag := make([]byte, 6)
	if _, err := rand.Read(tag); err != nil {
		return nil, fmt.Errorf("generate node name: %w", err)
	}
	s := &Server{
		Dir:    dir,
		Domain: opts.Domain,
		Addr:   "127.0.0.1:" + strconv.Itoa(opts.Port),
		Port:   opts.Port,
		CAFile: filepath.Join(dir, certName),
		Node:   "parley" + hex.EncodeToString(tag) + "@localhost",
		ctl:    ctl,
	}
	if err := s.writeFiles(distPort, opts); err != nil {
		return nil, err
	}
	if err := s.boot(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Start runs the node again after Stop, on the same port, node name and
// spool: accounts, rosters and stored items are kept. It returns once the
// port serves XMPP. Start and Stop must not be called concurrently.
func (s *Server) Start(ctx context.Context) error {
	if len(s.pids()) > 0 {
		return fmt.Errorf("ejabberd node %s is already running", s.Node)
	}
	return s.boot(ctx)
}

// boot starts the node and its guard and waits until it serves; on failure
// nothing is left running.
func (s *Server) boot(ctx context.Context) error {
	if err := s.startGuard(); err != nil {
		return err
	}
	if out, err := s.run(ctx, "start"); err != nil {
		_ = s.Stop()
		return fmt.Errorf("ejabberdctl start: %w: %s%s", err, out, s.logTail())
	}
	if err := s.waitReady(ctx); err != nil {
		_ = s.Stop()
		return fmt.Errorf("ejabberd did not come up on %s: %w%s", s.Addr, err, s.logTail())
	}
	return nil
}

// waitReady polls until a TLS-verified stream opens, startLimit passes or
// ctx ends.
func (s *Server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, startLimit)
	defer cancel()
	// The VM re-execs itself while it boots, so one look at /proc can miss
	// it: only a node absent for a second of looks counts as exited.
	var goneSince time.Time
	for {
		pctx, pcancel := context.WithTimeout(ctx, probeEach)
		_, err := sandbox.Probe(pctx, s.Addr, s.Domain, s.CAFile)
		pcancel()
		if err == nil {
			return nil
		}
		switch {
		case len(s.pids()) > 0:
			goneSince = time.Time{}
		case goneSince.IsZero():
			goneSince = time.Now()
		case time.Since(goneSince) > time.Second:
			return fmt.Errorf("the ejabberd node exited: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (last probe: %v)", ctx.Err(), err)
		case <-time.After(pollInterval):
		}
	}
}

// RegisterUser creates user with password on the server's domain.
func (s *Server) RegisterUser(ctx context.Context, user, password string) error {
	if out, err := s.run(ctx, "register", user, s.Domain, password); err != nil {
		return fmt.Errorf("ejabberdctl register %s@%s: %w: %s", user, s.Domain, err, out)
	}
	return nil
}

// JID returns user@domain on this server.
func (s *Server) JID(user string) string { return user + "@" + s.Domain }

// Stop asks the node to stop, waits for its processes to end and kills any
// that remain. Only processes of this server's node are touched.
func (s *Server) Stop() error {
	s.stopGuard()
	if len(s.pids()) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), ctlLimit)
	out, stopErr := s.run(ctx, "stop")
	cancel()
	if s.waitGone(stopLimit) {
		return nil
	}
	for _, pid := range s.pids() {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	if s.waitGone(killLimit) {
		if stopErr != nil {
			return fmt.Errorf("ejabberdctl stop: %w: %s (node killed)", stopErr, out)
		}
		return nil
	}
	return fmt.Errorf("ejabberd node %s still running after SIGKILL", s.Node)
}

// Running reports whether a process of the node is alive.
func (s *Server) Running() bool { return len(s.pids()) > 0 }

// waitGone polls until no process of the node is left or limit passes.
func (s *Server) waitGone(limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for len(s.pids()) > 0 {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(pollInterval)
	}
	return true
}

// pids lists the processes whose command line names this server's node
// (the VM and any ejabberdctl helper nodes), read from /proc.
func (s *Server) pids() []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	name := s.Node[:strings.IndexByte(s.Node, '@')]
	self, guard := os.Getpid(), 0
	if s.guard != nil {
		guard = s.guard.Process.Pid
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self || pid == guard {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || !bytes.Contains(b, []byte(name)) {
			continue
		}
		// Only Erlang VMs and their shell wrappers, never an unrelated
		// program that merely mentions the name.
		if bytes.Contains(b, []byte("beam")) || bytes.Contains(b, []byte("erl")) || bytes.Contains(b, []byte("ejabberdctl")) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// run calls ejabberdctl with the server's private files and environment.
func (s *Server) run(ctx context.Context, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, ctlLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.ctl, s.ctlArgs(args...)...)
	cmd.Dir = s.Dir
	cmd.Env = s.env()
	cmd.WaitDelay = time.Second
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// ctlArgs are the ejabberdctl arguments that select this server's files
// and node, followed by args.
func (s *Server) ctlArgs(args ...string) []string {
	return append([]string{
		"--config-dir", s.Dir,
		"--config", filepath.Join(s.Dir, configName),
		"--ctl-config", filepath.Join(s.Dir, ctlName),
		"--spool", filepath.Join(s.Dir, spoolName),
		"--logs", filepath.Join(s.Dir, logDirName),
		"--node", s.Node,
	}, args...)
}

// env is the environment of ejabberdctl: HOME is the server directory, so
// the user's ~/.erlang.cookie is untouched.
func (s *Server) env() []string { return append(os.Environ(), "HOME="+s.Dir) }

// logTail returns the end of ejabberd's logs, for error messages.
func (s *Server) logTail() string {
	var b strings.Builder
	for _, name := range []string{"ejabberd.log", "error.log", "erlang.log"} {
		data, err := os.ReadFile(filepath.Join(s.Dir, logDirName, name))
		if err != nil || len(data) == 0 {
			continue
		}
		if len(data) > logTailBytes {
			data = data[len(data)-logTailBytes:]
		}
		fmt.Fprintf(&b, "\n--- %s ---\n%s", name, data)
	}
	return b.String()
}

// LogTail returns up to n last lines of ejabberd's main log (errors are
// logged there too), for the output of a failed test.
func (s *Server) LogTail(n int) []string {
	data, err := os.ReadFile(filepath.Join(s.Dir, logDirName, "ejabberd.log"))
	if err != nil || n <= 0 {
		return nil
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines
}
