package cli

import (
	"encoding/json"
	"errors"
	"flag"
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

// parseFields turns repeated var=value strings into the registration
// form's fields; a var given again adds a line (a multi-valued field).
func parseFields(pairs []string) (map[string]string, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(pairs))
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, errtext.New(errtext.BadRequest, "The field %q is not var=value.", p)
		}
		if old, seen := out[k]; seen {
			v = old + "\n" + v
		}
		out[k] = v
	}
	return out, nil
}

func registerCommand() command {
	var meta, fields metaFlags
	var domain, saveCaptcha string
	c := command{
		name:    "register",
		usage:   "IDENTIFIER [--meta key=value]... [--field var=value]... [--save-captcha FILE] [--domain D | --sandbox]",
		summary: "create an account by in-band registration, with a generated password kept in the keyring",
		flags: func(fs *flag.FlagSet) {
			fs.Var(&meta, "meta", "store `key=value` with the account (up to 3; value string, bool or number)")
			fs.Var(&fields, "field", "answer the server's registration form: `var=value` (repeatable; again for a multi-valued field)")
			fs.StringVar(&domain, "domain", "", "register on the server of `DOMAIN`")
			fs.StringVar(&saveCaptcha, "save-captcha", "", "when the server asks for a CAPTCHA, save its image to `FILE`, print the challenge and exit 3")
		},
	}
	c.run = func(e *env, args []string) int {
		meta, fields, domain, saveCaptcha = nil, nil, "", ""
		args, code, ok := e.parseFlags(c, args)
		if !ok {
			return code
		}
		data, msg, err := e.register(args, domain, meta, fields)
		var fe *xmppclient.RegisterFieldError
		if errors.As(err, &fe) && saveCaptcha != "" {
			if code, ok := e.printCaptcha(err, fe, saveCaptcha); ok {
				return code
			}
		}
		if errors.As(err, &fe) && len(fe.Form.Fields) > 0 {
			// The form goes with the refusal: a front end draws it.
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			_ = enc.Encode(response{StatusCode: errtext.Code(err), Message: errtext.Message(err), Data: map[string]any{"form": fe.Form}})
			return 1
		}
		if err != nil && data != nil {
			// The account was made, a later step failed: the credentials
			// go with the refusal, or a password no keyring holds is lost.
			return printPartial(e.stdout, msg, data, err)
		}
		return printResult(e.stdout, msg, data, err)
	}
	return c
}

func (e *env) register(args []string, domain string, rawMeta, rawFields []string) (any, string, error) {
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
	fields, err := parseFields(rawFields)
	if err != nil {
		return nil, "", err
	}
	if domain == "" && !e.g.sandbox {
		return nil, "", errtext.New(errtext.BadRequest, "Say where to register: --domain example.org, or --sandbox for the local trial server.")
	}
	res, storage, err := e.app().CreateAccount(e.ctx, app.RegisterRequest{Identifier: args[0], Domain: domain, Sandbox: e.g.sandbox, Meta: meta, Fields: fields})
	if err != nil && res.UserJID == "" {
		return nil, "", err
	}
	if err != nil {
		// The account exists even though storing its metadata failed.
		return res, storage, err
	}
	return res, "Registered " + res.UserJID + ". " + storage, nil
}
