package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/keystore"
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
	acct := keystore.Account{Server: e.g.server, CAFile: e.g.ca, Sandbox: e.g.sandbox}
	if e.g.sandbox {
		srv, err := runningSandbox()
		if err != nil {
			return nil, "", err
		}
		domain = srv.Domain
	}
	if domain == "" {
		return nil, "", errtext.New(errtext.BadRequest, "Say where to register: --domain example.org, or --sandbox for the local trial server.")
	}
	acct.JID = strings.ToLower(args[0]) + "@" + domain
	cfg, err := e.clientConfig(acct)
	if err != nil {
		return nil, "", err
	}
	cfg.JID = domain
	res, err := xmppclient.Register(e.ctx, cfg, args[0], meta)
	if err != nil && res.UserJID == "" {
		return nil, "", err
	}
	// The account exists even if storing its metadata failed: keep the
	// credentials, or they would be lost.
	acct.JID = res.UserJID
	storage, serr := e.saveCredentials(acct, res.Password)
	if err != nil {
		return res, "", fmt.Errorf("%w (the account %s was created; %s)", err, res.UserJID, storage)
	}
	return res, "Registered " + res.UserJID + ". " + storage, serr
}

// saveCredentials saves the account and its password; it returns a
// sentence that says where the password is.
func (e *env) saveCredentials(acct keystore.Account, password string) (string, error) {
	if err := e.store.SaveAccount(acct); err != nil {
		return "The account could not be saved: " + err.Error(), nil
	}
	storage, err := e.store.SavePassword(acct.JID, password)
	switch {
	case err != nil:
		return "The password could not be stored (" + err.Error() + "); note it now.", nil
	case storage == keystore.StorageKeyring:
		return "The password is stored in the keyring.", nil
	default:
		return "No keyring is reachable, so the password is NOT stored: note it now. " + e.store.Describe(), nil
	}
}
