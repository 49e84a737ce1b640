package ejabberd

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Names of the files inside the server directory.
const (
	configName = "ejabberd.yml"
	ctlName    = "ejabberdctl.cfg"
	vmArgsName = "vm.args"
	certName   = "server.pem" // certificate and key, also the CA file
	spoolName  = "db"
	logDirName = "log"
)

// ejabberdYML is the server configuration; the verbs are the domain, the
// port and the certificate file.
const ejabberdYML = `hosts:
  - %[1]q
loglevel: info
certfiles:
  - %[3]q
define_macro: {}
auth_method: internal
auth_password_format: scram
registration_timeout: infinity
s2s_access: none
shaper:
  normal: 1000000
listen:
  -
    port: %[2]d
    ip: "127.0.0.1"
    module: ejabberd_c2s
    max_stanza_size: 1048576
    shaper: normal
    starttls_required: true
acl:
  local:
    user_regexp: ""
access_rules:
  local:
    allow: local
  c2s:
    allow: all
  register:
    allow: all
modules:
  mod_register:
    ip_access: all
    access: register
    password_strength: 0
  mod_roster: {}
  mod_vcard: {}
  mod_pubsub:
    plugins:
      - flat
      - pep
  mod_caps: {}
  mod_disco: {}
  mod_last: {}
  mod_ping: {}
  mod_private: {}
  mod_carboncopy: {}
  mod_stream_mgmt: {}
  mod_privacy: {}
  mod_blocking: {}
  mod_avatar: {}
  mod_vcard_xupdate: {}
  mod_offline: {}
`

// ctlCfg is ejabberdctl.cfg; the verb is the Erlang distribution port.
const ctlCfg = `# Written by parley/internal/ejabberd.
[ "$(id -u)" = 0 ] && EXEC_CMD=as_current_user
ERL_DIST_PORT=%d
`

// writeFiles writes the configuration, certificate and directories of s.
func (s *Server) writeFiles(distPort int) error {
	for _, d := range []string{s.Dir, filepath.Join(s.Dir, spoolName), filepath.Join(s.Dir, logDirName)} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("create %s: %w", d, err)
		}
	}
	pemData, err := newCertPEM(s.Domain, time.Now())
	if err != nil {
		return err
	}
	cookie := make([]byte, 16)
	if _, err := rand.Read(cookie); err != nil {
		return fmt.Errorf("generate Erlang cookie: %w", err)
	}
	files := []struct {
		name string
		data string
		perm os.FileMode
	}{
		{certName, string(pemData), 0o600},
		{configName, fmt.Sprintf(ejabberdYML, s.Domain, s.Port, s.CAFile), 0o600},
		{ctlName, fmt.Sprintf(ctlCfg, distPort), 0o600},
		{vmArgsName, "-setcookie " + hex.EncodeToString(cookie) + "\n-kernel inet_dist_use_interface {127,0,0,1}\n", 0o600},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(s.Dir, f.name), []byte(f.data), f.perm); err != nil {
			return fmt.Errorf("write %s: %w", f.name, err)
		}
	}
	return nil
}

// newCertPEM returns one PEM holding a fresh self-signed, CA-capable
// certificate for "localhost", 127.0.0.1 and domain, followed by its key.
func newCertPEM(domain string, now time.Time) ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate ejabberd key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("generate certificate serial: %w", err)
	}
	names := []string{"localhost"}
	if domain != "localhost" && net.ParseIP(domain) == nil {
		names = append(names, domain)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: domain, Organization: []string{"Parley test ejabberd"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(30 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              names,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("create ejabberd certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encode ejabberd key: %w", err)
	}
	var b strings.Builder
	b.Write(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	b.Write(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))
	return []byte(b.String()), nil
}
