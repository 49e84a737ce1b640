package testenv

import (
	"crypto/rand"
	"crypto/tls"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/parley-im/parley/internal/sandbox"
)

// The fake server's small parts: reading the client's stream, escaping,
// ids and its certificate.

func readStreamStart(d *xml.Decoder) bool {
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local == "stream"
		}
	}
}

// nextStart returns the next top-level start element; the end of the
// stream is an error.
func nextStart(d *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			return xml.StartElement{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t.Copy(), nil
		case xml.EndElement:
			return xml.StartElement{}, io.EOF
		}
	}
}

var resourceRE = regexp.MustCompile(`<resource[^>]*>([^<]+)</resource>`)

func resourceOf(inner string) string {
	if m := resourceRE.FindStringSubmatch(inner); m != nil {
		return m[1]
	}
	return "fake"
}

func escapeAttr(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func fakeID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x", b)
}

// fakeCert makes a self-signed certificate for name and writes it as the
// CA file to trust.
func fakeCert(dir, name string) (tls.Certificate, string, error) {
	certPEM, keyPEM, err := sandbox.NewCert([]string{name}, time.Now(), 24*time.Hour)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	caFile := filepath.Join(dir, "fake-ca.pem")
	if err := os.WriteFile(caFile, certPEM, 0o600); err != nil {
		return tls.Certificate{}, "", err
	}
	return cert, caFile, nil
}
