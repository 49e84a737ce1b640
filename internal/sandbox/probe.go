package sandbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

const (
	nsStream   = "http://etherx.jabber.org/streams"
	nsTLS      = "urn:ietf:params:xml:ns:xmpp-tls"
	probeLimit = 5 * time.Second // bound of one probe when ctx has no deadline
)

// Features is what a probe saw: the stream features offered before and
// after STARTTLS, each as "namespace localname".
type Features struct {
	BeforeTLS []string
	AfterTLS  []string
}

// Has reports whether the features after TLS include the given one, e.g.
// Has("http://jabber.org/features/iq-register", "register").
func (f Features) Has(space, local string) bool {
	for _, s := range f.AfterTLS {
		if s == space+" "+local {
			return true
		}
	}
	return false
}

// Probe opens an XMPP client stream to addr for domain, negotiates STARTTLS
// and verifies the server certificate against caFile for domain. It
// returns the stream features it saw. It proves that an XMPP server for
// domain answers on addr with a certificate a client will accept.
func Probe(ctx context.Context, addr, domain, caFile string) (Features, error) {
	feats, _, err := probe(ctx, addr, domain, caFile)
	return feats, err
}

// probe is Probe that also tells whether an XMPP server answered: a failure
// after that is not cured by waiting.
func probe(ctx context.Context, addr, domain, caFile string) (feats Features, answered bool, err error) {
	roots, err := loadRoots(caFile)
	if err != nil {
		return feats, false, err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, probeLimit)
		defer cancel()
	}
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return feats, false, fmt.Errorf("connect to %s: %w", addr, err)
	}
	defer raw.Close()
	stop := context.AfterFunc(ctx, func() { raw.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	dl, _ := ctx.Deadline()
	raw.SetDeadline(dl)

	feats.BeforeTLS, answered, err = openStream(raw, domain)
	if err != nil {
		return feats, answered, err
	}
	if !contains(feats.BeforeTLS, nsTLS+" starttls") {
		return feats, true, fmt.Errorf("%s does not offer STARTTLS", addr)
	}
	if _, err := io.WriteString(raw, "<starttls xmlns='"+nsTLS+"'/>"); err != nil {
		return feats, true, fmt.Errorf("send starttls: %w", err)
	}
	// The decoder of openStream is gone; the answer is one short element,
	// read it byte-wise so no TLS bytes are swallowed by a buffer.
	dec := xml.NewDecoder(byteReader{raw})
	el, err := nextElement(dec)
	if err != nil {
		return feats, true, fmt.Errorf("read starttls answer: %w", err)
	}
	if el.XMLName.Space != nsTLS || el.XMLName.Local != "proceed" {
		return feats, true, fmt.Errorf("server refused STARTTLS with <%s/>", el.XMLName.Local)
	}
	tc := tls.Client(raw, &tls.Config{ServerName: domain, RootCAs: roots, MinVersion: tls.VersionTLS12})
	if err := tc.HandshakeContext(ctx); err != nil {
		return feats, true, fmt.Errorf("TLS handshake with %s: %w", addr, err)
	}
	feats.AfterTLS, _, err = openStream(tc, domain)
	if err != nil {
		return feats, true, fmt.Errorf("after TLS: %w", err)
	}
	return feats, true, nil
}

// openStream sends a stream header and returns the offered features;
// answered tells whether an XMPP stream header came back.
func openStream(rw io.ReadWriter, domain string) (features []string, answered bool, err error) {
	hdr := "<?xml version='1.0'?><stream:stream to='" + xmlEscape(domain) +
		"' version='1.0' xmlns='jabber:client' xmlns:stream='" + nsStream + "'>"
	if _, err := io.WriteString(rw, hdr); err != nil {
		return nil, false, fmt.Errorf("send stream header: %w", err)
	}
	dec := xml.NewDecoder(byteReader{rw})
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, false, fmt.Errorf("read stream header: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Space != nsStream || se.Name.Local != "stream" {
				return nil, true, fmt.Errorf("not an XMPP server: got <%s>", se.Name.Local)
			}
			break
		}
	}
	el, err := nextElement(dec)
	if err != nil {
		return nil, true, fmt.Errorf("read stream features: %w", err)
	}
	if el.XMLName.Space == nsStream && el.XMLName.Local == "error" {
		return nil, true, fmt.Errorf("stream error %s", el.streamError())
	}
	if el.XMLName.Space != nsStream || el.XMLName.Local != "features" {
		return nil, true, fmt.Errorf("expected stream features, got <%s>", el.XMLName.Local)
	}
	return el.children(), true, nil
}

// element is a shallow view of an XML element: its name and its children's
// names.
type element struct {
	XMLName xml.Name
	Inner   []struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
	} `xml:",any"`
}

// streamError renders the children of a <stream:error> as
// "condition: text".
func (e element) streamError() string {
	var cond, text string
	for _, c := range e.Inner {
		if c.XMLName.Local == "text" {
			text = strings.TrimSpace(c.Text)
		} else if cond == "" {
			cond = c.XMLName.Local
		}
	}
	if text != "" {
		return cond + ": " + text
	}
	return cond
}

func (e element) children() []string {
	out := make([]string, 0, len(e.Inner))
	for _, c := range e.Inner {
		out = append(out, c.XMLName.Space+" "+c.XMLName.Local)
	}
	return out
}

func nextElement(dec *xml.Decoder) (element, error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			return element{}, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			var el element
			if err := dec.DecodeElement(&el, &se); err != nil {
				return element{}, err
			}
			return el, nil
		}
		if _, ok := tok.(xml.EndElement); ok {
			return element{}, errors.New("stream closed by server")
		}
	}
}

// byteReader reads one byte at a time so an xml.Decoder never consumes
// bytes past the element it returns (encoding/xml wraps a reader lacking
// ReadByte in a bufio.Reader).
type byteReader struct{ r io.Reader }

func (b byteReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return b.r.Read(p[:1])
}

func (b byteReader) ReadByte() (byte, error) {
	var one [1]byte
	if _, err := io.ReadFull(b.r, one[:]); err != nil {
		return 0, err
	}
	return one[0], nil
}

func loadRoots(caFile string) (*x509.CertPool, error) {
	pemData, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("read CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemData) {
		return nil, fmt.Errorf("CA file %s holds no certificate", caFile)
	}
	return pool, nil
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// portInUse reports whether something accepts connections on 127.0.0.1:port.
func portInUse(port int) bool {
	c, err := net.DialTimeout("tcp", addrOf(port), 500*time.Millisecond)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

func addrOf(port int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writing to a strings.Builder cannot fail
	return b.String()
}
