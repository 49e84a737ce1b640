package testenv

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// FakeOptions shape a FakeServer.
type FakeOptions struct {
	Domain string // the stream's domain; default "localhost"
	// NoStartTLS offers SASL PLAIN and bind on the plain stream, never
	// STARTTLS: a downgrade attack.
	NoStartTLS bool
	// CertName is the DNS name in the server's certificate; default Domain.
	// Another name makes a certificate the client must reject.
	CertName string
	// Hostile makes the server misbehave during the log-in (see
	// FakeHostile); HostileAfterTLS starts FakeWhitespace and FakeNesting
	// after STARTTLS instead of on the plain stream.
	Hostile         FakeHostile
	HostileAfterTLS bool
}

// FakeServer is a scripted XMPP server on 127.0.0.1 for tests of what a
// client does with a hostile or broken server. It does STARTTLS with a
// certificate made for the test (trusted through CAFile), accepts any
// SASL PLAIN login (unless FailLogins says otherwise) and binds the
// requested resource. After that it answers every IQ get/set with an empty result (a roster query with an empty
// roster) unless OnStanza handles it, and the test can write anything to
// the client with FakeSession.Send.
//
// Every byte a client sends (the plain stream and, after STARTTLS, the
// decrypted one) is recorded: Received tells whether a secret ever left
// the client.
type FakeServer struct {
	Addr   string // "127.0.0.1:PORT"
	Domain string
	CAFile string // PEM certificate to trust (the server's own, self-signed)

	opts     FakeOptions
	ln       net.Listener
	tlsCfg   *tls.Config
	sessions chan *FakeSession

	mu       sync.Mutex
	authFail []string // SASL conditions for the next logins, one each
	onStanza func(s *FakeSession, st FakeStanza) bool
	received bytes.Buffer
	conns    map[net.Conn]struct{}
	wg       sync.WaitGroup
}

// FakeStanza is one top-level element a client sent.
type FakeStanza struct {
	Name  string // local name: iq, message, presence, …
	ID    string
	Type  string
	To    string
	Inner string // the XML inside the element
}

// FakeSession is one bound client connection.
type FakeSession struct {
	JID  string // the full JID the server bound
	conn net.Conn
	wmu  sync.Mutex
}

// sendChunk is how much of a string Send turns into bytes at once.
const sendChunk = 32 << 10

// Send writes raw bytes (any XML, or garbage) to the client.
//
// It writes in chunks: a TLS connection takes only []byte, and converting
// a 40 MiB test stanza at once would put a 40 MiB copy on the heap that
// memory tests would count against the client.
func (s *FakeSession) Send(raw string) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_ = s.conn.SetWriteDeadline(time.Now().Add(30 * time.Second))
	buf := make([]byte, 0, sendChunk)
	for len(raw) > 0 {
		n := min(len(raw), sendChunk)
		buf = append(buf[:0], raw[:n]...)
		if _, err := s.conn.Write(buf); err != nil {
			return err
		}
		raw = raw[n:]
	}
	return nil
}

// Close drops the connection without a stream close.
func (s *FakeSession) Close() { s.conn.Close() }

// NewFakeServer starts a fake server that stops when the test ends.
func NewFakeServer(t testing.TB, opts FakeOptions) *FakeServer {
	t.Helper()
	if opts.Domain == "" {
		opts.Domain = "localhost"
	}
	if opts.CertName == "" {
		opts.CertName = opts.Domain
	}
	cert, caFile, err := fakeCert(t.TempDir(), opts.CertName)
	if err != nil {
		t.Fatalf("fake server certificate: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("fake server listen: %v", err)
	}
	f := &FakeServer{
		Addr:     ln.Addr().String(),
		Domain:   opts.Domain,
		CAFile:   caFile,
		opts:     opts,
		ln:       ln,
		tlsCfg:   &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		sessions: make(chan *FakeSession, 16),
		conns:    map[net.Conn]struct{}{},
	}
	f.wg.Add(1)
	go f.accept()
	t.Cleanup(f.Close)
	return f
}

// OnStanza sets h to see every top-level element a bound client sends; h
// reports whether it answered it, and unanswered IQs get the default
// reply. h runs on the connection's goroutine: while it runs, nothing else
// is read from that client.
func (f *FakeServer) OnStanza(h func(s *FakeSession, st FakeStanza) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.onStanza = h
}

// FailLogins makes the next len(conditions) logins fail, in order, with
// a SASL <failure/> of that condition (not-authorized,
// temporary-auth-failure, account-disabled, credentials-expired, …);
// logins after them succeed again.
func (f *FakeServer) FailLogins(conditions ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.authFail = append(f.authFail, conditions...)
}

// nextAuthFailure returns the condition the next login fails with, or ""
// for a success.
func (f *FakeServer) nextAuthFailure() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.authFail) == 0 {
		return ""
	}
	cond := f.authFail[0]
	f.authFail = f.authFail[1:]
	return cond
}

// Received returns a copy of every byte clients have sent so far.
func (f *FakeServer) Received() []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return bytes.Clone(f.received.Bytes())
}

// NextSession waits up to d for the next client to be bound.
func (f *FakeServer) NextSession(t testing.TB, d time.Duration) *FakeSession {
	t.Helper()
	select {
	case s := <-f.sessions:
		return s
	case <-time.After(d):
		t.Fatalf("no client bound to the fake server within %v", d)
		return nil
	}
}

// Close stops listening, drops every connection and waits for them.
func (f *FakeServer) Close() {
	f.ln.Close()
	f.mu.Lock()
	for c := range f.conns {
		c.Close()
	}
	f.mu.Unlock()
	f.wg.Wait()
}

func (f *FakeServer) accept() {
	defer f.wg.Done()
	for {
		c, err := f.ln.Accept()
		if err != nil {
			return
		}
		f.mu.Lock()
		f.conns[c] = struct{}{}
		f.mu.Unlock()
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			defer func() {
				f.mu.Lock()
				delete(f.conns, c)
				f.mu.Unlock()
				c.Close()
			}()
			f.serve(c)
		}()
	}
}

// fakeRecorder copies what is read into the server's record.
type fakeRecorder struct {
	f *FakeServer
	r io.Reader
}

func (r fakeRecorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if n > 0 {
		r.f.mu.Lock()
		r.f.received.Write(p[:n])
		r.f.mu.Unlock()
	}
	return n, err
}

type rawStanza struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Inner   string     `xml:",innerxml"`
}

func (r rawStanza) attr(name string) string {
	for _, a := range r.Attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// serve runs one connection: negotiation, then the stanza loop.
func (f *FakeServer) serve(raw net.Conn) {
	var conn net.Conn = raw
	secure, authed := false, false
	sess := &FakeSession{conn: conn}
	br := bufio.NewReader(fakeRecorder{f, conn})
	if f.hostileConn(conn) {
		return
	}
	for {
		// A (re)started stream: read the client's header, answer with ours
		// and the features of this stage.
		d := xml.NewDecoder(br)
		if !readStreamStart(d) || f.hostileStream(conn, secure) {
			return
		}
		var features string
		switch {
		case !secure && !f.opts.NoStartTLS:
			features = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
		case !authed:
			features = "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>"
		default:
			features = "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
		}
		if _, err := fmt.Fprintf(conn, "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='%s' from='%s' version='1.0' xml:lang='en'><stream:features>%s</stream:features>",
			fakeID(), f.opts.Domain, features); err != nil {
			return
		}
		restart := false
		for !restart {
			var st rawStanza
			tok, err := nextStart(d)
			if err != nil {
				return
			}
			if err := d.DecodeElement(&st, &tok); err != nil {
				return
			}
			switch st.XMLName.Local {
			case "starttls":
				if f.opts.NoStartTLS {
					// Not offered, so refused (RFC 6120 §5.4.2.2).
					_, _ = io.WriteString(conn, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>")
					return
				}
				if _, err := io.WriteString(conn, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"); err != nil {
					return
				}
				tc := tls.Server(raw, f.tlsCfg)
				_ = tc.SetDeadline(time.Now().Add(10 * time.Second))
				if err := tc.Handshake(); err != nil {
					return // the client refused the certificate
				}
				_ = tc.SetDeadline(time.Time{})
				conn, secure = tc, true
				sess.conn = tc
				br = bufio.NewReader(fakeRecorder{f, tc})
				restart = true
			case "auth":
				if cond := f.nextAuthFailure(); cond != "" {
					// RFC 6120 §6.4.5: the client may try again or close.
					if _, err := fmt.Fprintf(conn, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><%s/></failure>", cond); err != nil {
						return
					}
					continue
				}
				if _, err := io.WriteString(conn, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"); err != nil {
					return
				}
				authed, restart = true, true
			case "iq":
				if !authed {
					return
				}
				if strings.Contains(st.Inner, "urn:ietf:params:xml:ns:xmpp-bind") {
					sess.JID = "user@" + f.opts.Domain + "/" + resourceOf(st.Inner)
					if err := sess.Send(fmt.Sprintf("<iq type='result' id='%s'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>%s</jid></bind></iq>", escapeAttr(st.attr("id")), sess.JID)); err != nil {
						return
					}
					select {
					case f.sessions <- sess:
					default:
					}
					continue
				}
				f.stanza(sess, st)
			default:
				if authed {
					f.stanza(sess, st)
				}
			}
		}
	}
}

// stanza handles one element from a bound client.
func (f *FakeServer) stanza(s *FakeSession, st rawStanza) {
	fs := FakeStanza{Name: st.XMLName.Local, ID: st.attr("id"), Type: st.attr("type"), To: st.attr("to"), Inner: st.Inner}
	f.mu.Lock()
	h := f.onStanza
	f.mu.Unlock()
	if h != nil && h(s, fs) {
		return
	}
	if fs.Name != "iq" || (fs.Type != "get" && fs.Type != "set") {
		return
	}
	payload := ""
	if strings.Contains(fs.Inner, "jabber:iq:roster") && fs.Type == "get" {
		payload = "<query xmlns='jabber:iq:roster'/>"
	}
	_ = s.Send(fmt.Sprintf("<iq type='result' id='%s'%s>%s</iq>", escapeAttr(fs.ID), fromAttr(fs.To), payload))
}

// ReplyIQ answers an IQ with a result carrying payload (XML, may be "").
func (s *FakeSession) ReplyIQ(st FakeStanza, payload string) error {
	return s.Send(fmt.Sprintf("<iq type='result' id='%s'%s>%s</iq>", escapeAttr(st.ID), fromAttr(st.To), payload))
}

// ReplyError answers an IQ with a stanza error of the given condition
// (item-not-found, service-unavailable, …).
func (s *FakeSession) ReplyError(st FakeStanza, condition string) error {
	return s.Send(fmt.Sprintf("<iq type='error' id='%s'%s><error type='cancel'><%s xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>", escapeAttr(st.ID), fromAttr(st.To), condition))
}

func fromAttr(to string) string {
	if to == "" {
		return ""
	}
	return " from='" + escapeAttr(to) + "'"
}
