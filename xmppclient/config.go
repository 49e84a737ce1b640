package xmppclient

import (
	"io"
	"log/slog"
	"time"

	"github.com/parley-im/parley/profile"
)

// Config says which account to use and how to reach its server.
type Config struct {
	JID      string // the account: bare (alice@example.org) or full JID
	Password string
	// Server is an explicit "host:port" to dial. Empty: look up the domain's
	// _xmpps-client and _xmpp-client SRV records (RFC 6120 §3.2, XEP-0368),
	// merged by priority and weight, then fall back to the domain on 5222.
	Server string
	// CAFile is a PEM file with certificates to trust in addition to the
	// system roots: how the sandbox's self-made certificate is trusted.
	CAFile string
	// TrustFingerprint pins the server's certificate by the SHA-256
	// fingerprint of its leaf (as openssl x509 -fingerprint -sha256 prints
	// it; colons and case optional): exactly that certificate is accepted,
	// although no CA vouches for it, and any other is refused with a
	// CertPinMismatch *CertificateError. The name and validity are still
	// checked. CAFile and the system roots are then not used.
	TrustFingerprint string
	// DirectTLS speaks TLS from the first byte (XEP-0368) to Server instead
	// of STARTTLS. Without a Server each SRV record says which it is.
	DirectTLS bool
	Timeout   time.Duration // the whole log-in (TCP, TLS, negotiation), a deadline on the connection itself; default 15 s
	// DebugXML receives the stanza log, with SASL payloads and passwords
	// redacted. Nil: no log.
	DebugXML io.Writer
	Logger   *slog.Logger // nil: discard
	// AvatarCacheDir is where fetched avatars are kept by id. Empty: the XDG
	// cache dir.
	AvatarCacheDir string
	// CacheDir holds the roster cache (roster versioning). Empty: the XDG
	// cache dir's parley folder.
	CacheDir string
	// Visibility is who may see the own profile, the account's setting;
	// "" is the default, contacts only. UpdateProfile publishes every
	// node with the access model it asks for (docs/PROFILE-FIELDS.md).
	Visibility profile.Visibility
	// Sandbox marks the local trial server ("trial mode" in the SDK).
	Sandbox bool
	// Quiet makes a session for one command: it never sends available
	// presence, so the server keeps offline messages for a later full
	// session, contacts see nothing, and the last-logout time stays.
	// Without presence the server also sends no PEP notifications, and
	// messages to the bare JID wait offline.
	Quiet bool
	// PingInterval and PingTimeout tune the XEP-0199 keepalive that notices
	// a silent dead connection; defaults 20 s and 10 s.
	PingInterval, PingTimeout time.Duration
	// SoftwareVersion is the version told to XEP-0092 queries. Empty: the
	// module version stamped into the build.
	SoftwareVersion string
	// ShareOS adds the operating system to XEP-0092 answers. Off by
	// default: it helps an attacker more than a contact.
	ShareOS bool
	// Show and StatusText are the presence the log-in announces: the
	// user's last choice, which the front end keeps per account. "" is
	// online; an availability one cannot set is online too.
	Show       Show
	StatusText string
	// HideIdle answers XEP-0012 queries to this resource (the idle time)
	// with forbidden, contacts' too; SetShareIdle changes it later.
	HideIdle bool
	// DropStrangers drops messages (and typing notices) from anyone who
	// is neither this account nor on its roster, live, carbon-copied or
	// from the archive: no event, no receipt. Off, they arrive like any
	// message and the front end shows them as message requests.
	DropStrangers bool
}
