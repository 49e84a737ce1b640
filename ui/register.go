package ui

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// maxMeta is how many metadata pairs a registration may carry.
const maxMeta = 3

var (
	identifierRE = regexp.MustCompile(`^[A-Za-z0-9]{1,64}$`)
	domainRE     = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$`)
)

// validIdentifier is the rule of the SDK's register: ASCII letters and
// digits, 1–64 of them.
func validIdentifier(s string) error {
	switch {
	case s == "":
		return problem("Choose a user name: letters and digits.")
	case len(s) > 64:
		return problem(fmt.Sprintf("At most 64 characters (%d now).", len(s)))
	case !identifierRE.MatchString(s):
		return problem("Only letters A–Z and digits 0–9, no spaces or symbols.")
	}
	return nil
}

func validDomain(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return problem("Enter the server's XMPP domain, e.g. example.org.")
	}
	if !domainRE.MatchString(s) {
		return problem("A domain looks like example.org.")
	}
	return nil
}

// parseMeta reads one "key=value" pair; "" is no pair. true/false become
// booleans and numbers numbers, the rest strings.
func parseMeta(s string) (xmppclient.Meta, bool, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return xmppclient.Meta{}, false, nil
	}
	k, v, ok := strings.Cut(s, "=")
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	if !ok || k == "" {
		return xmppclient.Meta{}, false, problem("Write it as key=value, e.g. plan=trial.")
	}
	var val any = v
	if b, err := strconv.ParseBool(v); err == nil && (v == "true" || v == "false") {
		val = b
	} else if i, err := strconv.ParseInt(v, 10, 64); err == nil {
		val = i
	} else if f, err := strconv.ParseFloat(v, 64); err == nil && strings.ContainsAny(v, ".eE") {
		val = f
	}
	return xmppclient.Meta{Key: k, Value: val}, true, nil
}

func validMeta(s string) error {
	_, _, err := parseMeta(s)
	return err
}

// registerModel is the registration form.
type registerModel struct {
	form    form
	sandbox *field
	server  string // the prefilled server address
	err     string
	asked   serverForm // what the server's registration form asks for
	pending string     // the server of the request in flight (registerTarget)
}

// newRegister is an empty registration form; server prefills the real
// server's address (--server).
func newRegister(server string) registerModel {
	r := registerModel{}
	id := &field{key: "identifier", label: "User name", input: newInput("letters and digits, e.g. alice", 64, false),
		validate: validIdentifier, hint: "Your JID becomes name@domain; a strong password is generated for you."}
	r.sandbox = &field{key: "sandbox", label: "Where", kind: kindToggle, on: true,
		hint: "Sandbox, the local trial server"}
	dom := &field{key: "domain", label: "Domain", input: newInput("example.org", 253, false), validate: validDomain}
	srv := &field{key: "server", label: "Server", input: newInput("host:port (optional: found via DNS)", 255, false), validate: validServer}
	srv.input.SetValue(server)
	r.server = server
	fields := []*field{id, r.sandbox, dom, srv, caField()}
	for i := 1; i <= maxMeta; i++ {
		fields = append(fields, &field{key: fmt.Sprintf("meta%d", i), label: fmt.Sprintf("Metadata %d", i),
			input: newInput("key=value (optional)", 256, false), validate: validMeta,
			hint: "Kept in private storage on the server, e.g. plan=trial."})
	}
	r.form = form{fields: fields}
	r.syncHidden()
	r.form.setFocus(0)
	return r
}

// syncHidden shows the server fields (domain, address, CA file) only for
// a real server.
func (r *registerModel) syncHidden() {
	for _, k := range []string{"domain", "server", "ca"} {
		f := r.form.get(k)
		f.hidden = r.sandbox.on
		if f.hidden {
			f.err = ""
		}
	}
	if r.sandbox.on {
		r.sandbox.hint = "Sandbox, the local trial server"
	} else {
		r.sandbox.hint = "A real XMPP server"
	}
}

// dirty reports whether anything was typed.
func (r *registerModel) dirty() bool {
	return r.form.dirty(map[string]string{"server": r.server})
}

// fail shows a registration failure at the field it concerns.
func (r *registerModel) fail(m *Common, err error) {
	r.err = ""
	if r.takeFormError(m, err, r.pending) {
		return
	}
	if f := r.form.get(r.captchaField()); f != nil && f.value() != "" {
		// The server checked the answer before it refused for another
		// reason: that challenge is used up.
		r.asked.captcha.spent = true
	}
	var caErr *xmppclient.CAFileError
	if errors.As(err, &caErr) && !r.sandbox.on {
		r.form.get("ca").err = errText(err)
		r.form.focusKey("ca")
		return
	}
	switch errtext.Code(err) {
	case errtext.Conflict, errtext.BadRequest:
		r.form.get("identifier").err = errText(err)
		r.form.focusKey("identifier")
	default:
		r.err = formErrText(err)
	}
}

func (r *registerModel) update(m *Common, msg tea.Msg) tea.Cmd {
	if res, ok := msg.(registerMsg); ok { // a failure
		r.fail(m, res.err)
		return nil
	}
	if cmd, done := guardForm(m, msg); done {
		return cmd
	}
	res, cmd := r.form.update(msg, m.keys)
	switch res {
	case formChanged:
		r.syncHidden()
		return cmd
	case formSubmitted:
	default:
		return cmd
	}
	r.syncHidden()
	if !r.form.validate() {
		return nil
	}
	req := RegisterRequest{
		Identifier: r.form.get("identifier").value(),
		Sandbox:    r.sandbox.on,
	}
	if !req.Sandbox {
		req.Domain = strings.ToLower(strings.TrimSpace(r.form.get("domain").value()))
		req.Server = strings.TrimSpace(r.form.get("server").value())
		req.CAFile = strings.TrimSpace(r.form.get("ca").value())
	}
	seen := map[string]bool{}
	for i := 1; i <= maxMeta; i++ {
		f := r.form.get(fmt.Sprintf("meta%d", i))
		meta, ok, _ := parseMeta(f.value())
		if !ok {
			continue
		}
		if seen[meta.Key] {
			f.err = fmt.Sprintf("The key %q is used twice.", meta.Key)
			r.form.focusKey(f.key)
			return nil
		}
		seen[meta.Key] = true
		req.Meta = append(req.Meta, meta)
	}
	req.Fields = r.serverFields(req)
	r.err, r.pending = "", registerTarget(req)
	return m.ask(registerRequestMsg{req})
}

func (r *registerModel) view(m *Common, w, h int) string {
	st := m.styles
	var b strings.Builder
	b.WriteString("\n" + st.Title.Render("  Create an account") + "\n\n")
	b.WriteString(r.form.viewWith(st, w-2, r.captchaAbove(m, w-2)) + "\n\n")
	if r.asked.note != "" {
		b.WriteString(wrapBlock(st.Subtle, "  ", r.asked.note, w-1) + "\n")
	}
	if r.err != "" {
		b.WriteString(wrapBlock(st.Error, "  ✗ ", r.err, w-1) + "\n")
	}
	if m.busy > 0 {
		b.WriteString("  " + m.spin.View() + " " + m.inFlightOp + "\n")
	}
	return b.String()
}
