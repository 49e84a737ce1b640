package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// metaFlags collects repeated --meta key=value flags.
type metaFlags []string

func (m *metaFlags) String() string     { return strings.Join(*m, ",") }
func (m *metaFlags) Set(v string) error { *m = append(*m, v); return nil }

// parseMeta turns key=value strings into typed metadata: true/false become
// bools, numbers become numbers, anything else stays a string.
func parseMeta(pairs []string) ([]xmppclient.Meta, error) {
	out := make([]xmppclient.Meta, 0, len(pairs))
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, errtext.New(errtext.BadRequest, "Metadata %q is not key=value.", p)
		}
		var val any = v
		if b, err := strconv.ParseBool(v); err == nil && (v == "true" || v == "false") {
			val = b
		} else if n, err := strconv.ParseFloat(v, 64); err == nil {
			val = n
		}
		out = append(out, xmppclient.Meta{Key: k, Value: val})
	}
	return out, nil
}

func registerCommand() command {
	var meta metaFlags
	var domain string
	c := command{
		name:    "register",
		usage:   "IDENTIFIER [--meta key=value]... [--domain D | --sandbox]",
		summary: "create an account by in-band registration, with a generated password kept in the keyring",
		flags: func(fs *flag.FlagSet) {
			fs.Var(&meta, "meta", "store `key=value` with the account (up to 3; value string, bool or number)")
			fs.StringVar(&domain, "domain", "", "register on the server of `DOMAIN`")
		},
	}
	c.run = func(e *env, args []string) int {
		meta, domain = nil, ""
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		data, msg, err := e.register(args, domain, meta)
		return printResult(e.stdout, msg, data, err)
	}
	return c
}

func (e *env) register(args []string, domain string, rawMeta []string) (any, string, error) {
	if len(args) != 1 {
		return nil, "", errtext.New(errtext.BadRequest, "Give exactly one identifier: parley register IDENTIFIER.")
	}
	if err := xmppclient.ValidateIdentifier(args[0]); err != nil {
		return nil, "", err
	}
	meta, err := parseMeta(rawMeta)
	if err != nil {
		return nil, "", err
	}
	if domain == "" && !e.g.sandbox {
		return nil, "", errtext.New(errtext.BadRequest, "Say where to register: --domain example.org, or --sandbox for the local trial server.")
	}
	res, storage, err := e.app().CreateAccount(e.ctx, app.RegisterRequest{Identifier: args[0], Domain: domain, Sandbox: e.g.sandbox, Meta: meta})
	if err != nil && res.UserJID == "" {
		return nil, "", err
	}
	if err != nil {
		// The account exists even though storing its metadata failed.
		return res, "", fmt.Errorf("%w (the account %s was created; %s)", err, res.UserJID, storage)
	}
	return res, "Registered " + res.UserJID + ". " + storage, nil
}
