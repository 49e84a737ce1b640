package ejabberd

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/parley-im/parley/internal/sandbox"
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
// port, the certificate file, the log level, the rule of the register
// access ("allow" or "deny"), roster versioning, the top-level CAPTCHA
// options and mod_register's CAPTCHA line (both empty without one).
const ejabberdYML = `hosts:
  - %[1]q
loglevel: %[4]s
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
    %[5]s: all
modules:
  mod_register:
    ip_access: all
    access: register
    password_strength: 0%[8]s
  mod_roster:
    versioning: %[6]t
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
  mod_mam:
    default: always
%[7]s`

// ctlCfg is ejabberdctl.cfg; the verb is the Erlang distribution port.
const ctlCfg = `# Written by parley/internal/ejabberd.
[ "$(id -u)" = 0 ] && EXEC_CMD=as_current_user
ERL_DIST_PORT=%d
`

// writeFiles writes the configuration, certificate and directories of s.
func (s *Server) writeFiles(distPort int, opts Options) error {
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
		{configName, renderConfig(s.Domain, s.Port, s.CAFile, opts), 0o600},
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

// renderConfig returns ejabberd.yml for a server on domain and port with
// the certificate file certFile, shaped by opts (log level, registration,
// roster versioning).
func renderConfig(domain string, port int, certFile string, opts Options) string {
	level, register := "info", "allow"
	if opts.Debug {
		level = "debug"
	}
	if opts.ClosedRegistration {
		// mod_register still offers the stream feature; the registration
		// itself is answered with an error.
		register = "deny"
	}
	captcha, protected := "", ""
	if opts.CaptchaCmd != "" {
		// ejabberd runs captcha_cmd with the text to read as its one
		// argument and takes the image from its standard output. The URL
		// is only quoted in the form (no web listener serves it here).
		captcha = fmt.Sprintf("captcha_cmd: %q\ncaptcha_url: %q\n", opts.CaptchaCmd, "http://"+domain+"/captcha")
		protected = "\n    captcha_protected: true"
	}
	return fmt.Sprintf(ejabberdYML, domain, port, certFile, level, register, !opts.NoRosterVersioning, captcha, protected)
}

// newCertPEM returns one PEM holding a fresh self-signed, CA-capable
// certificate for domain (and localhost) followed by its key: the form
// ejabberd's certfiles wants.
func newCertPEM(domain string, now time.Time) ([]byte, error) {
	names := []string{"localhost"}
	if domain != "localhost" && net.ParseIP(domain) == nil {
		names = append(names, domain)
	}
	certPEM, keyPEM, err := sandbox.NewCert(names, now, 30*24*time.Hour)
	if err != nil {
		return nil, fmt.Errorf("ejabberd certificate: %w", err)
	}
	return append(certPEM, keyPEM...), nil
}
