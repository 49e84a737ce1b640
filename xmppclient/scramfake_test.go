package xmppclient

import (
	"bytes"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/sandbox"
)

// scramFake is a one-connection XMPP server for the channel binding
// tests: STARTTLS up to a chosen TLS version, then the SCRAM mechanisms
// (and XEP-0440 list) it is told to offer, a full SCRAM exchange checked
// as a server checks it, and bind. The testenv fake server speaks only
// PLAIN, and mellium's SCRAM server has no -PLUS ("not implemented"), so
// the SCRAM server side is written out here.
type scramFake struct {
	addr, caFile string
	seen         chan scramSeen
}

// scramFakeOptions is what the fake offers.
type scramFakeOptions struct {
	maxTLS     uint16   // tls.VersionTLS12 or tls.VersionTLS13
	mechanisms []string // in the order advertised
	cbTypes    []string // XEP-0440 list; nil: none sent
	password   string
}

// scramSeen is what one login showed the server.
type scramSeen struct {
	mechanism string // the client's choice
	gs2       string // the GS2 header of its first message ("p=tls-exporter,,")
	cbind     string // the c= attribute of its final message
	wantCbind string // c= as this TLS connection makes it for that header
	tls       uint16 // the negotiated TLS version
	err       error  // a step that failed (a bad proof too)
}

const fakeSalt = "parley-fake-salt"

func newSCRAMFake(t *testing.T, o scramFakeOptions) *scramFake {
	t.Helper()
	certPEM, keyPEM, err := sandbox.NewCert([]string{"localhost"}, time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &scramFake{addr: ln.Addr().String(), caFile: caFile, seen: make(chan scramSeen, 1)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
		cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, MaxVersion: o.maxTLS}
		seen := serveSCRAM(conn, cfg, o)
		f.seen <- seen
		if seen.err == nil {
			// Wait for the client to close; the test ends the session.
			_, _ = io.Copy(io.Discard, conn)
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return f
}

// serveSCRAM runs one connection up to bind.
func serveSCRAM(raw net.Conn, cfg *tls.Config, o scramFakeOptions) (seen scramSeen) {
	fail := func(format string, a ...any) scramSeen {
		seen.err = fmt.Errorf(format, a...)
		return seen
	}
	d := xml.NewDecoder(raw)
	if err := fakeStreamStart(d, raw, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"); err != nil {
		return fail("plain stream: %v", err)
	}
	if _, err := fakeElement(d); err != nil {
		return fail("starttls: %v", err)
	}
	if _, err := io.WriteString(raw, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"); err != nil {
		return fail("proceed: %v", err)
	}
	tc := tls.Server(raw, cfg)
	if err := tc.Handshake(); err != nil {
		return fail("handshake: %v", err)
	}
	state := tc.ConnectionState()
	seen.tls = state.Version
	var feats strings.Builder
	feats.WriteString("<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>")
	for _, m := range o.mechanisms {
		feats.WriteString("<mechanism>" + m + "</mechanism>")
	}
	feats.WriteString("</mechanisms>")
	if o.cbTypes != nil {
		feats.WriteString("<sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'>")
		for _, typ := range o.cbTypes {
			feats.WriteString("<channel-binding type='" + typ + "'/>")
		}
		feats.WriteString("</sasl-channel-binding>")
	}
	d = xml.NewDecoder(tc)
	if err := fakeStreamStart(d, tc, feats.String()); err != nil {
		return fail("secure stream: %v", err)
	}
	auth, err := fakeElement(d)
	if err != nil {
		return fail("auth: %v", err)
	}
	seen.mechanism = auth.Mechanism
	if err := scramExchange(d, tc, &seen, state, o.password, auth.Text); err != nil {
		_, _ = io.WriteString(tc, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>")
		return fail("%v", err)
	}
	if err := fakeStreamStart(d, tc, "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"); err != nil {
		return fail("bound stream: %v", err)
	}
	iq, err := fakeElement(d)
	if err != nil {
		return fail("bind: %v", err)
	}
	if _, err := fmt.Fprintf(tc, "<iq type='result' id='%s'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>zelda@localhost/fake</jid></bind></iq>", iq.ID); err != nil {
		return fail("bind result: %v", err)
	}
	return seen
}

// scramExchange is the server's half of RFC 5802 §3 after <auth>: it
// records the client's binding and checks its proof.
func scramExchange(d *xml.Decoder, w io.Writer, seen *scramSeen, state tls.ConnectionState, password, authText string) error {
	fn := sha1.New
	if strings.Contains(seen.mechanism, "SHA-256") {
		fn = sha256.New
	}
	first, err := base64.StdEncoding.DecodeString(strings.TrimSpace(authText))
	if err != nil {
		return fmt.Errorf("client-first: %w", err)
	}
	// gs2-header is "flag,[a=authzid],"; the bare message follows.
	parts := strings.SplitN(string(first), ",", 3)
	if len(parts) != 3 {
		return fmt.Errorf("client-first %q", first)
	}
	seen.gs2 = parts[0] + "," + parts[1] + ","
	bare := parts[2]
	clientNonce := attrOf(bare, "r")
	switch {
	case strings.HasPrefix(seen.gs2, "p=tls-exporter,"):
		ekm, err := state.ExportKeyingMaterial("EXPORTER-Channel-Binding", nil, 32)
		if err != nil {
			return err
		}
		seen.wantCbind = base64.StdEncoding.EncodeToString(append([]byte(seen.gs2), ekm...))
	case strings.HasPrefix(seen.gs2, "p=tls-unique,"):
		seen.wantCbind = base64.StdEncoding.EncodeToString(append([]byte(seen.gs2), state.TLSUnique...))
	default:
		seen.wantCbind = base64.StdEncoding.EncodeToString([]byte(seen.gs2))
	}
	serverFirst := "r=" + clientNonce + "fakeservernonce,s=" + base64.StdEncoding.EncodeToString([]byte(fakeSalt)) + ",i=4096"
	if _, err := fmt.Fprintf(w, "<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%s</challenge>", base64.StdEncoding.EncodeToString([]byte(serverFirst))); err != nil {
		return err
	}
	resp, err := fakeElement(d)
	if err != nil {
		return fmt.Errorf("response: %w", err)
	}
	final, err := base64.StdEncoding.DecodeString(strings.TrimSpace(resp.Text))
	if err != nil {
		return fmt.Errorf("client-final: %w", err)
	}
	withoutProof, proofB64, ok := strings.Cut(string(final), ",p=")
	if !ok {
		return fmt.Errorf("client-final %q has no proof", final)
	}
	seen.cbind = attrOf(withoutProof, "c")
	if seen.cbind != seen.wantCbind {
		return errors.New("channel binding does not match the TLS connection")
	}
	salted, err := pbkdf2.Key(fn, password, []byte(fakeSalt), 4096, fn().Size())
	if err != nil {
		return err
	}
	mac := func(key []byte, s string) []byte {
		h := hmac.New(fn, key)
		h.Write([]byte(s))
		return h.Sum(nil)
	}
	clientKey := mac(salted, "Client Key")
	stored := func(h hash.Hash) []byte { h.Write(clientKey); return h.Sum(nil) }(fn())
	authMessage := bare + "," + serverFirst + "," + withoutProof
	sig := mac(stored, authMessage)
	want := make([]byte, len(sig))
	for i := range sig {
		want[i] = clientKey[i] ^ sig[i]
	}
	proof, err := base64.StdEncoding.DecodeString(proofB64)
	if err != nil || !bytes.Equal(proof, want) {
		return errors.New("wrong client proof")
	}
	v := "v=" + base64.StdEncoding.EncodeToString(mac(mac(salted, "Server Key"), authMessage))
	_, err = fmt.Fprintf(w, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%s</success>", base64.StdEncoding.EncodeToString([]byte(v)))
	return err
}

// fakeEl is any top-level element the client sends, as far as the fake
// needs it.
type fakeEl struct {
	XMLName   xml.Name
	ID        string `xml:"id,attr"`
	Mechanism string `xml:"mechanism,attr"`
	Text      string `xml:",chardata"`
}

// fakeElement reads the client's next top-level element.
func fakeElement(d *xml.Decoder) (fakeEl, error) {
	var el fakeEl
	for {
		tok, err := d.Token()
		if err != nil {
			return el, err
		}
		if start, ok := tok.(xml.StartElement); ok {
			err := d.DecodeElement(&el, &start)
			return el, err
		}
	}
}

// fakeStreamStart reads the client's stream header and answers with the
// server's and the given features.
func fakeStreamStart(d *xml.Decoder, w io.Writer, features string) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		if start, ok := tok.(xml.StartElement); ok {
			if start.Name.Local != "stream" {
				return fmt.Errorf("got <%s>, want a stream header", start.Name.Local)
			}
			break
		}
	}
	_, err := fmt.Fprintf(w, "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='fake' from='localhost' version='1.0'><stream:features>%s</stream:features>", features)
	return err
}

// attrOf returns the value of the SCRAM attribute name in msg.
func attrOf(msg, name string) string {
	for _, field := range strings.Split(msg, ",") {
		if v, ok := strings.CutPrefix(field, name+"="); ok {
			return v
		}
	}
	return ""
}
