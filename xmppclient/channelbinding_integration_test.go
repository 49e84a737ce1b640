package xmppclient

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"regexp"
	"sync"
	"testing"
	"time"

	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"

	"github.com/parley-im/parley/internal/testenv"
)

// lockedBuffer is a bytes.Buffer for a stanza log written by the session.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var authMechanismRE = regexp.MustCompile(`<auth [^>]*mechanism="([^"]+)"`)

// Parley's SASL choice logs in on both real servers: over the TLS Parley
// negotiates (1.3 here) and over TLS 1.2, where both servers'
// SCRAM-SHA-1-PLUS takes mellium's tls-unique binding. On TLS 1.3
// ejabberd 23.01 offers SCRAM-SHA-1-PLUS but does not take tls-exporter
// ("Invalid channel binding") and sends no XEP-0440 list, so plain SCRAM
// must be chosen there: the -PLUS attempt would fail as not-authorized.
func TestChannelBindingOnServers(t *testing.T) {
	testenv.EachServer(t, func(t *testing.T, srv *testenv.Server) {
		account, pw := testenv.Account(t, srv)
		j := jid.MustParse(account)

		t.Run("Parley's TLS", func(t *testing.T) {
			log := &lockedBuffer{}
			cfg := Config{Server: srv.Addr, CAFile: srv.CAFile, Timeout: 10 * time.Second, DebugXML: log}
			sess, err := login(testenv.Context(t, 20*time.Second), cfg, j, pw)
			if err != nil {
				t.Fatalf("login: %v", err)
			}
			defer sess.Conn().Close()
			m := authMechanismRE.FindStringSubmatch(log.String())
			if m == nil {
				t.Fatalf("no <auth> in the stanza log:\n%s", log)
			}
			// Neither server sends an XEP-0440 list, so on TLS 1.3 the
			// choice is plain SCRAM (and never PLAIN).
			if v := sess.ConnectionState().Version; v == tls.VersionTLS13 && !regexp.MustCompile(`^SCRAM-SHA-(1|256)$`).MatchString(m[1]) {
				t.Errorf("TLS 1.3 without a binding list: Parley picked %s", m[1])
			}
		})

		t.Run("TLS 1.2", func(t *testing.T) {
			pem, err := os.ReadFile(srv.CAFile)
			if err != nil {
				t.Fatal(err)
			}
			roots := x509.NewCertPool()
			roots.AppendCertsFromPEM(pem)
			tlsCfg := &tls.Config{ServerName: j.Domainpart(), RootCAs: roots, MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12}
			ctx := testenv.Context(t, 20*time.Second)
			var d net.Dialer
			conn, err := d.DialContext(ctx, "tcp", srv.Addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			log := &lockedBuffer{}
			features := []xmpp.StreamFeature{xmpp.StartTLS(tlsCfg), channelBindingTypes(), saslFeature(pw), xmpp.BindResource()}
			sess, err := xmpp.NewSession(ctx, j.Domain(), j, conn, 0, xmpp.NewNegotiator(func(*xmpp.Session, *xmpp.StreamConfig) xmpp.StreamConfig {
				return xmpp.StreamConfig{Features: features, TeeOut: log}
			}))
			if err != nil {
				t.Fatalf("login over TLS 1.2: %v", err)
			}
			if v := sess.ConnectionState().Version; v != tls.VersionTLS12 {
				t.Fatalf("TLS version %x, want 1.2", v)
			}
			m := authMechanismRE.FindStringSubmatch(log.String())
			if m == nil {
				t.Fatalf("no <auth> sent:\n%s", log)
			}
			// Both servers offer SCRAM-SHA-1-PLUS (tls-unique) on TLS 1.2.
			if m[1] != "SCRAM-SHA-1-PLUS" {
				t.Errorf("%s offers SCRAM-SHA-1-PLUS on TLS 1.2, Parley picked %s", srv.Name, m[1])
			}
		})
	})
}
