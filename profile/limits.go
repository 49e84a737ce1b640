package profile

import (
	"errors"
	"fmt"
)

// Namespaces of the payloads this package reads and writes.
const (
	NSVCard4      = "urn:ietf:params:xml:ns:vcard-4.0" // XEP-0292 payload
	NSVCardTemp   = "vcard-temp"                       // XEP-0054
	NSVCardUpdate = "vcard-temp:x:update"              // XEP-0153, in presence
	NSNick        = "http://jabber.org/protocol/nick"  // XEP-0172 payload
	NSAvatarData  = "urn:xmpp:avatar:data"             // XEP-0084 payload
	NSAvatarMeta  = "urn:xmpp:avatar:metadata"         // XEP-0084 payload
)

// PEP nodes the profile is published on; package xmppclient publishes,
// fetches and subscribes (+notify) by these names.
const (
	NodeVCard4         = "urn:xmpp:vcard4" // XEP-0292, item "current"
	NodeNickname       = NSNick            // XEP-0172, item "current"
	NodeAvatarData     = NSAvatarData      // XEP-0084, item id = avatar id
	NodeAvatarMetadata = NSAvatarMeta      // XEP-0084, item id = avatar id
)

// Limits.
const (
	// MaxImageBytes bounds an image file, a downloaded image and a
	// decoded avatar from the network.
	MaxImageBytes = 10 << 20
	// MaxImageSide bounds both dimensions of an image before it is decoded.
	MaxImageSide = 8192
	// AvatarSide is the largest width and height of an avatar we publish.
	AvatarSide = 192

	maxVCard4Bytes    = 256 << 10
	maxNickBytes      = 64 << 10
	maxXUpdateBytes   = 4 << 10
	maxMetadataBytes  = 64 << 10
	maxVCardTempBytes = 16 << 20 // a 10 MiB photo in line-wrapped base64 plus the rest
	maxAvatarXMLBytes = 15 << 20 // a 10 MiB avatar in line-wrapped base64
)

// ErrMalformed is in the chain of every error about a payload from the
// network that cannot be read (bad XML, wrong element, bad base64). Such
// errors are a *MalformedError or *ChecksumError: the fault is the
// sender's, not the user's.
var ErrMalformed = errors.New("malformed payload")

// malformed reports an unreadable payload. what names it for a person
// ("vCard4 profile"); cause is the detail for logs.
func malformed(what string, cause error) error {
	return &MalformedError{What: what, Err: cause}
}

// tooLarge reports a payload over its size limit.
func tooLarge(what string, size, limit int) error {
	return &LimitError{What: what, Size: size, Limit: limit}
}

// HumanBytes writes a size the way a person reads it: "10 MiB", "512 KiB",
// "20.5 MiB", "300 bytes".
func HumanBytes(n int) string {
	switch {
	case n >= 1<<20:
		if n%(1<<20) == 0 {
			return fmt.Sprintf("%d MiB", n>>20)
		}
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		if n%(1<<10) == 0 {
			return fmt.Sprintf("%d KiB", n>>10)
		}
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
