package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/ui"
)

// globals are the flags every command takes.
type globals struct {
	server   string
	ca       string
	pin      string
	direct   bool
	account  string
	sandbox  bool
	debugXML string
	pwStdin  bool
	avatars  ui.AvatarRenderer
	// shareIdle is --share-idle: "on", "off", or "" for the account's
	// setting.
	shareIdle onOff
	// dropStrangers is --stranger-messages drop.
	dropStrangers bool
}

// onOff is a flag that takes on or off only.
type onOff string

func (o *onOff) String() string { return string(*o) }

func (o *onOff) Set(v string) error {
	if v != "on" && v != "off" {
		return errors.New("want on or off")
	}
	*o = onOff(v)
	return nil
}

func (g *globals) register(fs *flag.FlagSet) {
	fs.StringVar(&g.server, "server", "", "connect to `HOST:PORT` instead of looking up the domain's SRV records")
	fs.StringVar(&g.ca, "ca", "", "trust the certificates in this PEM `FILE` too")
	fs.StringVar(&g.pin, "trust-fingerprint", "", "trust the server certificate with this SHA-256 `FP` (openssl x509 -fingerprint -sha256), and only it; a log-in saves it in the account")
	fs.BoolVar(&g.direct, "direct-tls", false, "speak TLS from the first byte (XEP-0368) to --server instead of STARTTLS; a log-in saves it in the account")
	fs.StringVar(&g.account, "account", "", "use the saved account `JID` (default: the most recently used)")
	fs.BoolVar(&g.sandbox, "sandbox", false, "use the local sandbox server (see `parley sandbox start`)")
	fs.StringVar(&g.debugXML, "debug-xml", "", "write the stanza log, secrets redacted, to `FILE`")
	fs.BoolVar(&g.pwStdin, "password-stdin", false, "read the password from the first line of standard input (where no keyring is)")
	fs.Func("avatars", "draw avatars with `R`: kitty (pixels), blocks (half-blocks), initials, or auto (kitty where the terminal answers; also PARLEY_AVATARS)", func(s string) error {
		r, err := ui.ParseAvatarRenderer(s)
		if err != nil {
			return errtext.ErrAvatarsValue
		}
		g.avatars = r
		return nil
	})
	fs.Var(&g.shareIdle, "share-idle", "`on|off`: tell contacts how long you have been idle (XEP-0012) in full sessions (the UI, watch); a log-in that saves the account (connect, the UI) keeps it")
	fs.Func("stranger-messages", "messages from people not on the roster: `MODE` requests (kept apart as message requests, the default) or drop (never stored nor shown)", g.setStrangers)
}

// setStrangers takes --stranger-messages.
func (g *globals) setStrangers(v string) error {
	switch v {
	case "requests", "drop":
		g.dropStrangers = v == "drop"
		return nil
	}
	return errors.New("want requests or drop")
}

// env is what a command runs with.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	g      globals
	log    *slog.Logger
	store  *keystore.Store
	// debugXML is the open --debug-xml file (closed at process exit).
	debugXML io.Writer
	a        *app.App // made on first use, see env.app
	// interactive is set for the terminal UI, which runs until the user
	// quits; commands exit after one operation.
	interactive bool
}

type command struct {
	name    string
	usage   string // after "parley NAME"
	summary string
	run     func(e *env, args []string) int
	flags   func(fs *flag.FlagSet) // command-specific flags
}

// Main runs parley with args (without the program name) and returns the
// exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log, closer := openLog()
	defer closer.Close()

	cmds := commands()
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return runTopLevel(ctx, args, stdin, stdout, stderr, log, cmds)
	}
	name := args[0]
	if name == "help" {
		if len(args) > 1 {
			c, ok := cmds[args[1]]
			if !ok {
				return printResult(stdout, "", nil, errtext.UnknownCommand(args[1]))
			}
			printCommandHelp(stdout, c)
			return 0
		}
		printHelp(stdout, cmds)
		return 0
	}
	c, ok := cmds[name]
	if !ok {
		return printResult(stdout, "", nil, errtext.UnknownCommand(name))
	}
	return c.run(&env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, log: log}, args[1:])
}

// runTopLevel handles `parley [--account JID] [global flags]`: the UI.
func runTopLevel(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, log *slog.Logger, cmds map[string]command) int {
	fs := flag.NewFlagSet("parley", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var g globals
	g.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(stdout, cmds)
			return 0
		}
		return printResult(stdout, "", nil, errtext.FlagError("", err))
	}
	if fs.NArg() > 0 {
		// Global flags before the command: hand them to the command, which
		// accepts them anywhere.
		name := fs.Arg(0)
		c, ok := cmds[name]
		if !ok {
			return printResult(stdout, "", nil, errtext.UnknownCommand(name))
		}
		at := len(args) - fs.NArg()
		rest := append(append([]string{}, args[:at]...), args[at+1:]...)
		return c.run(&env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, log: log}, rest)
	}
	store, err := keystore.Open()
	if err != nil {
		fmt.Fprintf(stderr, "parley: %v\n", err)
		return 1
	}
	if err := runUI(&env{ctx: ctx, g: g, log: log, store: store, interactive: true}); err != nil {
		fmt.Fprintf(stderr, "parley: %v\n", err)
		return 1
	}
	return 0
}

// parseFlags parses a command's flags, which may come before, after or
// between its arguments, and returns the arguments. ok is false when the
// command should exit with code.
func (e *env) parseFlags(c command, args []string) (rest []string, code int, ok bool) {
	return e.parseFlagsSeen(c, args, nil)
}

// parseFlagsSeen is parseFlags that also records in seen which flags were
// given (to tell "--status ”" from no --status).
func (e *env) parseFlagsSeen(c command, args []string, seen map[string]bool) (rest []string, code int, ok bool) {
	fs := flag.NewFlagSet("parley "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	e.g.register(fs)
	if c.flags != nil {
		c.flags(fs)
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printCommandHelp(e.stdout, c)
				return nil, 0, false
			}
			return nil, printResult(e.stdout, "", nil, errtext.FlagError(c.name, err)), false
		}
		if seen != nil {
			fs.Visit(func(f *flag.Flag) { seen[f.Name] = true })
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	store, err := keystore.Open()
	if err != nil {
		fmt.Fprintf(e.stderr, "parley: %v\n", err)
		return nil, 1, false
	}
	e.store = store
	if e.g.debugXML != "" {
		f, err := openDebugXML(e.g.debugXML)
		if err != nil {
			return nil, printResult(e.stdout, "", nil, err), false
		}
		e.debugXML = f // closed at process exit
	}
	return rest, 0, true
}

func printHelp(w io.Writer, cmds map[string]command) {
	fmt.Fprint(w, `Parley — a terminal XMPP client built around profiles.

Usage:
  parley [--account JID] [global flags]   open the terminal UI
  parley COMMAND [arguments] [flags]      run one command, print JSON

Commands:
`)
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprint(w, `
Global flags (any command):
  --server HOST:PORT   connect here instead of the domain's SRV records
  --ca FILE            trust the certificates in this PEM file too
  --trust-fingerprint FP
                       trust the server certificate with this SHA-256
                       fingerprint (and only it); connect pins it
  --direct-tls         TLS from the first byte to --server (XEP-0368),
                       not STARTTLS; connect saves it in the account
  --account JID        use this saved account (default: the last used)
  --sandbox            use the local sandbox server
  --debug-xml FILE     write the stanza log, secrets redacted
  --password-stdin     read the password from standard input (no keyring)
  --avatars R          draw avatars with kitty (pixels), blocks, initials or
                       auto (kitty graphics where the terminal has them);
                       PARLEY_AVATARS=R does the same;
                       PARLEY_FRAME_LOG=FILE gets the UI's frame times
  --share-idle on|off  tell contacts your idle time in the UI and watch;
                       connect and the UI's log-in keep it in the account
  --stranger-messages requests|drop
                       messages from people not on the roster: message
                       requests (default), or dropped unseen and unstored

Every command prints {"statusCode", "message", "data"} and exits non-zero
on failure. Status codes: 200 ok, 400 bad input, 401 wrong password,
403 forbidden, 404 not found, 409 taken, 413 too large, 503 unreachable.
Run 'parley COMMAND --help' for a command's details.
`)
}

func printCommandHelp(w io.Writer, c command) {
	fmt.Fprintf(w, "Usage: parley %s %s\n\n%s\n", c.name, c.usage, c.summary)
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	if c.flags != nil {
		c.flags(fs)
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	fmt.Fprintln(w, "\nGlobal flags: --server HOST:PORT, --ca FILE, --trust-fingerprint FP, --direct-tls, --account JID, --sandbox, --debug-xml FILE, --password-stdin, --avatars R, --share-idle on|off, --stranger-messages requests|drop")
}

func commands() map[string]command {
	list := []command{
		registerCommand(),
		unregisterCommand(),
		connectCommand(),
		logoutCommand(),
		whoamiCommand(),
		lastseenCommand(),
		contactsCommand(),
		blockCommand(true),
		blockCommand(false),
		blockedCommand(),
		presenceCommand(),
		watchCommand(),
		sendCommand(),
		historyCommand(),
		profileCommand(),
		sandboxCommand(),
		demoCommand(),
		serveSSHCommand(),
	}
	m := make(map[string]command, len(list))
	for _, c := range list {
		m[c.name] = c
	}
	return m
}

// openDebugXML opens the --debug-xml file for appending.
func openDebugXML(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, errtext.Wrap(errtext.BadRequest, err, "Cannot open the stanza log %s: %v.", path, err)
	}
	return f, nil
}
