package xmppclient_test

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"os"
	"strings"
	"testing"
	"time"

	"mellium.im/xmlstream"
	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/internal/testenv"
)

// legacyClient is a bare mellium session standing in for a client that
// only knows vcard-temp (XEP-0054): it writes and reads vCards with raw
// IQs and publishes no PEP.
type legacyClient struct {
	jid  jid.JID
	sess *xmpp.Session
	// subscribe carries the bare JID of each subscription request
	// received.
	subscribe chan string
	// presences carries every presence received, as XML text (dropped
	// when nobody reads them).
	presences chan string
}

// legacyLogin logs account in on srv as a legacy client (STARTTLS, SASL,
// bind, no presence) until the test ends.
func legacyLogin(t *testing.T, srv *testenv.Server, account, pw string) *legacyClient {
	t.Helper()
	ctx := testenv.Context(t, 30*time.Second)
	j, err := jid.Parse(account)
	if err != nil {
		t.Fatal(err)
	}
	pem, err := os.ReadFile(srv.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pem)
	sess, err := bareLogin(ctx, srv.Addr, true, j, pw, &tls.Config{ServerName: j.Domainpart(), RootCAs: roots, MinVersion: tls.VersionTLS12})
	if err != nil {
		t.Fatalf("legacy client login %s: %v", account, err)
	}
	l := &legacyClient{jid: j, sess: sess, subscribe: make(chan string, 16), presences: make(chan string, 64)}
	served := make(chan struct{})
	go func() {
		defer close(served)
		// mux calls presence handlers once per child element, never for a
		// bare <presence type='subscribe'/>: look at every stanza here.
		// IQs nobody handles are answered with an error by Serve.
		_ = sess.Serve(xmpp.HandlerFunc(func(r xmlstream.TokenReadEncoder, start *xml.StartElement) error {
			if start.Name.Local != "presence" {
				return nil
			}
			// The element as text: start tags by local name, character
			// data as it came (enough for tests to look for a payload).
			var raw strings.Builder
			raw.WriteString("<presence")
			for _, a := range start.Attr {
				raw.WriteString(" " + a.Name.Local + "='" + a.Value + "'")
			}
			raw.WriteString(">")
			for {
				tok, err := r.Token()
				if err != nil {
					break
				}
				switch tk := tok.(type) {
				case xml.StartElement:
					raw.WriteString("<" + tk.Name.Local + " xmlns='" + tk.Name.Space + "'>")
				case xml.EndElement:
					raw.WriteString("</" + tk.Name.Local + ">")
				case xml.CharData:
					raw.Write(tk)
				}
			}
			select {
			case l.presences <- raw.String():
			default:
			}
			var typ, from string
			for _, a := range start.Attr {
				switch a.Name.Local {
				case "type":
					typ = a.Value
				case "from":
					from = a.Value
				}
			}
			if typ == string(stanza.SubscribePresence) {
				if f, err := jid.Parse(from); err == nil {
					select {
					case l.subscribe <- f.Bare().String():
					default:
					}
				}
			}
			return nil
		}))
	}()
	t.Cleanup(func() {
		_ = sess.Close()
		select {
		case <-served: // the server closed its stream too
		case <-time.After(5 * time.Second):
		}
		_ = sess.Conn().Close()
		<-served
	})
	return l
}

// iq sends an IQ of type typ to to ("" for our own account) with the
// payload given as XML text and returns the whole reply as XML text (an
// error reply too).
func (l *legacyClient) iq(t *testing.T, typ stanza.IQType, to, payload string) string {
	t.Helper()
	ctx := testenv.Context(t, 10*time.Second)
	iq := stanza.IQ{Type: typ}
	if to != "" {
		iq.To = jid.MustParse(to)
	}
	r, err := l.sess.SendIQElement(ctx, rawTokens{xml.NewDecoder(strings.NewReader(payload))}, iq)
	if err != nil {
		t.Fatalf("legacy IQ %s to %q: %v", typ, to, err)
	}
	defer r.Close()
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	if _, err := xmlstream.Copy(enc, r); err != nil {
		t.Fatalf("legacy IQ reply: %v", err)
	}
	if err := enc.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// setVCardTemp stores vcard (a <vCard xmlns='vcard-temp'> element) as the
// account's vcard-temp, failing the test on an error reply.
func (l *legacyClient) setVCardTemp(t *testing.T, vcard string) {
	t.Helper()
	if reply := l.iq(t, stanza.SetIQ, "", vcard); isErrorIQ(reply) {
		t.Fatalf("vcard-temp set refused: %s", reply)
	}
}

func isErrorIQ(reply string) bool {
	return strings.Contains(reply, `type="error"`) || strings.Contains(reply, `type='error'`)
}

// rawTokens reads XML text as tokens without resolving namespaces, so the
// xmlns attributes are written once, as they stand.
type rawTokens struct{ d *xml.Decoder }

func (r rawTokens) Token() (xml.Token, error) { return r.d.RawToken() }

// presence sends a presence of type typ ("" for available) to to ("" for
// the server's broadcast).
func (l *legacyClient) presence(t *testing.T, typ stanza.PresenceType, to string) {
	t.Helper()
	p := stanza.Presence{Type: typ}
	if to != "" {
		p.To = jid.MustParse(to)
	}
	if err := l.sess.Send(testenv.Context(t, 10*time.Second), p.Wrap(nil)); err != nil {
		t.Fatalf("legacy presence %q to %q: %v", typ, to, err)
	}
}
