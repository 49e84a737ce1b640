// Command parley is a terminal XMPP client built around user profiles.
// With no command it opens the terminal UI; `parley --help` lists the
// non-interactive commands.
package main

import (
	"os"

	"github.com/parley-im/parley/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
