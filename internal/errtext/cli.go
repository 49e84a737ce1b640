package errtext

import (
	"errors"
	"strings"
)

// The command line's own sentences: unknown commands and flags.

// ErrAvatarsValue is the reason a bad --avatars value is refused.
var ErrAvatarsValue = errors.New("use kitty, blocks, initials or auto")

// UnknownCommand is the 400 for a command parley does not have.
func UnknownCommand(name string) *Error {
	return New(BadRequest, "There is no command %q; run 'parley --help' for the list.", name)
}

// FlagError is the 400 for a flag the standard flag package refused while
// parsing the flags of command (empty for the top level), in one
// sentence naming the flag. The flag package words its errors in a few
// fixed forms; any other is passed on as it is.
func FlagError(command string, err error) *Error {
	help := "parley --help"
	if command != "" {
		help = "parley " + command + " --help"
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return Wrap(BadRequest, err, "There is no flag %s; run '%s' for the flags.", dashes(name), help)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return Wrap(BadRequest, err, "The flag %s needs a value; run '%s' for what it takes.", dashes(name), help)
	}
	var value, name, why string
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		if i := strings.Index(rest, " for flag "); i > 0 {
			value = rest[:i]
			name, why, _ = strings.Cut(rest[i+len(" for flag "):], ": ")
			return Wrap(BadRequest, err, "The value %s of %s is not valid (%s); run '%s' for what it takes.", value, dashes(name), why, help)
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		if value, name, ok = strings.Cut(rest, " for "); ok {
			name, _, _ = strings.Cut(name, ":")
			return Wrap(BadRequest, err, "The flag %s takes no value (or true or false), not %s.", dashes(name), value)
		}
	}
	return Wrap(BadRequest, err, "%s; run '%s'.", capitalise(msg), help)
}

// dashes writes a flag as the help does: --name.
func dashes(name string) string { return "--" + strings.TrimLeft(name, "-") }

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
