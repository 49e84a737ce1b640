package xmppclient

import (
	"github.com/parley-im/parley/profile"

	"context"
	"crypto/rand"
	"encoding/xml"
	"fmt"
	"io"
	"math/big"
	"strings"

	"mellium.im/xmlstream"
	"mellium.im/xmpp"
	"mellium.im/xmpp/form"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/stanza"
)

const (
	nsRegister        = "jabber:iq:register"
	nsRegisterFeature = "http://jabber.org/features/iq-register"
	maxMeta           = 3
	passwordLength    = 28
)

// ValidateIdentifier checks a registration identifier: ASCII letters and
// digits, 1 to 64 of them.
func ValidateIdentifier(id string) error {
	if id == "" || len(id) > 64 {
		return &RegisterError{Problem: RegisterIDLength, N: len(id)}
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return &RegisterError{Problem: RegisterIDCharacter, Detail: string(r)}
		}
	}
	return nil
}

// validateMeta checks the registration metadata before anything is sent.
func validateMeta(meta []Meta) error {
	if len(meta) > maxMeta {
		return &RegisterError{Problem: RegisterTooManyMeta, N: len(meta), Max: maxMeta}
	}
	seen := map[string]bool{}
	for _, m := range meta {
		if m.Key == "" || len(m.Key) > 64 {
			return &RegisterError{Problem: RegisterMetaKey}
		}
		if seen[m.Key] {
			return &RegisterError{Problem: RegisterMetaTwice, Key: m.Key}
		}
		// Refused, not rewritten: what goes to the server is what was typed.
		if v, _ := m.Value.(string); profile.HasUnsafe(m.Key) || profile.HasUnsafe(v) {
			return &RegisterError{Problem: RegisterMetaControl, Key: profile.Sanitize(m.Key)}
		}
		seen[m.Key] = true
		switch v := m.Value.(type) {
		case string:
			if len(v) > 1024 {
				return &RegisterError{Problem: RegisterMetaLong, Key: m.Key}
			}
		case bool, int, int64, float64:
		default:
			return &RegisterError{Problem: RegisterMetaType, Key: m.Key}
		}
	}
	return nil
}

// generatePassword makes a random password from crypto/rand over an
// alphabet without look-alike characters, so it can be read off a screen.
func generatePassword() (string, error) {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	var b strings.Builder
	max := big.NewInt(int64(len(alphabet)))
	for range passwordLength {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", fmt.Errorf("generate password: %w", err)
		}
		b.WriteByte(alphabet[n.Int64()])
	}
	return b.String(), nil
}

// Register creates an account by XEP-0077 in-band registration on the
// server of cfg.JID's domain (cfg.JID may be just the domain), with a
// generated password; then stores the metadata in private XML storage
// (XEP-0049) at the first login. cfg.Sandbox is reported back as
// IsSandbox.
func Register(ctx context.Context, cfg Config, identifier string, meta []Meta) (RegisterResult, error) {
	return RegisterWith(ctx, cfg, identifier, meta, nil)
}

// RegisterWith is Register with values for the server's registration form
// (XEP-0004), by field var; a multi-valued field takes its values one a
// line. Parley fills the user name and the password itself. A required
// field the form asks for and fields lacks is a *RegisterFieldError
// (RegisterFieldMissing) that carries the whole form, returned before the
// form is submitted.
func RegisterWith(ctx context.Context, cfg Config, identifier string, meta []Meta, fields map[string]string) (RegisterResult, error) {
	if err := ValidateIdentifier(identifier); err != nil {
		return RegisterResult{}, err
	}
	if err := validateMeta(meta); err != nil {
		return RegisterResult{}, err
	}
	if err := validateFields(fields); err != nil {
		return RegisterResult{}, err
	}
	server, err := jid.Parse(cfg.JID)
	if err != nil || server.Domainpart() == "" {
		return RegisterResult{}, &RegisterError{Problem: RegisterBadDomain, Detail: cfg.JID}
	}
	username := strings.ToLower(identifier)
	account, err := jid.New(username, server.Domainpart(), "")
	if err != nil {
		return RegisterResult{}, &RegisterError{Problem: RegisterBadUser, User: username, Domain: server.Domainpart()}
	}
	password, err := generatePassword()
	if err != nil {
		return RegisterResult{}, &RegisterError{Problem: RegisterPassword, User: username, Err: err}
	}

	// mellium's negotiator drops the errors of optional features (a
	// conflict would look like success), so the outcome travels in this
	// variable instead.
	outcome := registration{}
	sess, err := openStream(ctx, cfg, account, []xmpp.StreamFeature{registerFeature(username, password, fields, &outcome)}, nil, nil)
	if sess != nil {
		sess.Close()
	}
	switch {
	case outcome.attempted && outcome.err != nil:
		return RegisterResult{}, outcome.err
	case err != nil && !loginFailed(err):
		return RegisterResult{}, err
	case !outcome.attempted:
		return RegisterResult{}, &RegisterError{Problem: RegisterClosed, User: username, Domain: server.Domainpart()}
	}

	res := RegisterResult{Username: username, Password: password, UserJID: account.String(), IsSandbox: cfg.Sandbox}
	if len(meta) == 0 {
		return res, nil
	}
	cfg.JID, cfg.Password = account.String(), password
	c := New(cfg)
	if err := c.Connect(ctx); err != nil {
		return res, fmt.Errorf("log in to store metadata: %w", err)
	}
	defer c.Logout(context.WithoutCancel(ctx))
	if err := c.StoreMetadata(ctx, meta); err != nil {
		return res, err
	}
	res.IsProfileUpdated = c.hasNickname(ctx)
	return res, nil
}

type registration struct {
	attempted bool
	err       error
}

func registerFeature(username, password string, fields map[string]string, out *registration) xmpp.StreamFeature {
	return xmpp.StreamFeature{
		Name:       xml.Name{Space: nsRegisterFeature, Local: "register"},
		Necessary:  xmpp.Secure,
		Prohibited: xmpp.Authn,
		Parse: func(ctx context.Context, d *xml.Decoder, start *xml.StartElement) (bool, interface{}, error) {
			// Optional (req=false): a required feature that does not restart
			// the stream deadlocks mellium's negotiator.
			return false, nil, d.Skip()
		},
		Negotiate: func(ctx context.Context, s *xmpp.Session, _ interface{}) (xmpp.SessionState, io.ReadWriter, error) {
			out.attempted = true
			out.err = registerOnStream(s, username, password, fields)
			return 0, nil, out.err
		},
	}
}

type registerReply struct {
	Type  string `xml:"type,attr"`
	ID    string `xml:"id,attr"`
	Query struct {
		Username     *struct{}  `xml:"username"`
		Password     *struct{}  `xml:"password"`
		Registered   *struct{}  `xml:"registered"`
		Instructions string     `xml:"instructions"`
		X            *form.Data `xml:"jabber:x:data x"`
		OOB          struct {
			URL string `xml:"url"`
		} `xml:"jabber:x:oob x"`
		Other []struct {
			XMLName xml.Name
		} `xml:",any"`
	} `xml:"jabber:iq:register query"`
	captcha *Captcha      // read from the same tokens (captcha.go)
	Error   *stanza.Error `xml:"error"`
}

// registerOnStream runs the two XEP-0077 round trips on the not yet
// authenticated stream.
func registerOnStream(s *xmpp.Session, username, password string, fields map[string]string) error {
	r := s.TokenReader()
	defer r.Close()
	w := s.TokenWriter()
	defer w.Close()
	d := xml.NewTokenDecoder(r)

	exchange := func(typ stanza.IQType, fields xml.TokenReader) (registerReply, error) {
		id := randomHex(8)
		if _, err := xmlstream.Copy(w, registerIQ(typ, id, fields)); err != nil {
			return registerReply{}, err
		}
		if err := w.Flush(); err != nil {
			return registerReply{}, err
		}
		for {
			tok, err := d.Token()
			if err != nil {
				return registerReply{}, err
			}
			start, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			reply, err := decodeRegisterReply(d, start)
			if err != nil {
				return registerReply{}, err
			}
			if start.Name.Local == "iq" && reply.ID == id {
				return reply, nil
			}
		}
	}

	reply, err := exchange(stanza.GetIQ, nil)
	if err != nil {
		return &RegisterError{Problem: RegisterLost, User: username, Err: err}
	}
	if reply.Error != nil {
		return registerStanzaErr(*reply.Error, username)
	}
	submission, desc, err := fillReply(reply, username, password, fields)
	if err != nil {
		return err
	}
	res, err := exchange(stanza.SetIQ, submission)
	if err != nil {
		return &RegisterError{Problem: RegisterLost, User: username, Err: err}
	}
	if res.Error != nil {
		return refusedForm(*res.Error, username, desc)
	}
	if res.Type != "result" {
		return &RegisterError{Problem: RegisterAnswer, User: username, Detail: string(res.Type)}
	}
	return nil
}

// registerIQ is one XEP-0077 request (mellium v0.22.0 has no package for
// in-band registration). It is written straight to the stream, not sent with the session's IQ methods: before authentication
// nothing serves the session yet, so those would wait for ever.
func registerIQ(typ stanza.IQType, id string, fields xml.TokenReader) xml.TokenReader {
	return stanza.IQ{Type: typ, ID: id}.Wrap(xmlstream.Wrap(fields, xml.StartElement{Name: xml.Name{Space: nsRegister, Local: "query"}}))
}

func registerStanzaErr(se stanza.Error, username string) error {
	switch se.Condition {
	case stanza.Conflict:
		return &RegisterError{Problem: RegisterUserExists, User: username, Err: se}
	case stanza.NotAcceptable, stanza.BadRequest, stanza.JIDMalformed:
		return &RegisterError{Problem: RegisterUserRefused, User: username, Err: se}
	case stanza.Forbidden, stanza.NotAllowed, stanza.ServiceUnavailable, stanza.RegistrationRequired:
		return &RegisterError{Problem: RegisterNotAllowed, User: username, Err: se}
	case stanza.ResourceConstraint, stanza.PolicyViolation:
		return &RegisterError{Problem: RegisterLimited, User: username, Err: se}
	}
	return stanzaErr(se, "Registration")
}
