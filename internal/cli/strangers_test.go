package cli

import (
	"flag"
	"io"
	"testing"
)

// --stranger-messages takes requests or drop, and nothing else.
func TestStrangerMessagesFlag(t *testing.T) {
	for _, c := range []struct {
		args []string
		drop bool
		ok   bool
	}{
		{nil, false, true},
		{[]string{"--stranger-messages", "requests"}, false, true},
		{[]string{"--stranger-messages", "drop"}, true, true},
		{[]string{"--stranger-messages=drop"}, true, true},
		{[]string{"--stranger-messages", "hide"}, false, false},
		{[]string{"--stranger-messages", ""}, false, false},
	} {
		var g globals
		fs := flag.NewFlagSet("parley", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		g.register(fs)
		err := fs.Parse(c.args)
		if (err == nil) != c.ok || g.dropStrangers != c.drop {
			t.Errorf("%q: drop %v, error %v; want drop %v, accepted %v", c.args, g.dropStrangers, err, c.drop, c.ok)
		}
	}
}
