// Package profile owns the user profile: the Profile model, its codecs to
// and from vCard4 (XEP-0292), vcard-temp (XEP-0054), the user nickname
// (XEP-0172), avatar metadata and data (XEP-0084) and the vCard avatar hash
// in presence (XEP-0153); image loading, checking and scaling; validation
// of what a user types; and sanitising of every string that arrives from
// the network before it is shown or printed. It also owns the avatar cache
// on disk (Cache), content-addressed and bounded in bytes and files.
//
// It does no network I/O of its own except fetching an image URL. Publishing
// and fetching over XMPP live in package xmppclient, which uses these codecs.
//
// # Codecs
//
// Encoders return the payload element as XML bytes with one xmlns on the
// root. Decoders take the payload element as bytes (whatever namespace
// declarations the sender or a re-encoding wrote), check the root's name
// and namespace, read children into small structs — never re-encoding
// tokens, which encoding/xml writes with xmlns twice — and look at no more
// than a few children of each kind, so memory stays bounded by the input,
// which is capped first. Every string they return has been through Sanitize.
//
// # Errors
//
// Callers branch with errors.As and errors.Is: *ValidationError and
// *FieldError name the bad field of what a user typed, *LimitError and
// *PixelLimitError give a size over a limit, *ImageError and *FetchError
// say why an image file or URL gave no image, and ErrMalformed is in the
// chain of a payload from the network that cannot be read
// (*MalformedError, *ChecksumError). internal/errtext
// turns any error into the CLI's status code and sentence: 400 for bad user
// input (see Update.Validate, LoadImage), 404 for an image URL that is not
// found, 413 for anything over a limit, 503 for an image URL that does not
// answer, and 500 for a malformed payload.
//
// # Limits
//
// Images: 10 MiB (MaxImageBytes) and 8192×8192 pixels (MaxImageSide),
// both checked before any pixel is decoded; published avatars are at most
// 192×192 (AvatarSide) and 64 KiB (MaxAvatarBytes), PNG when that fits,
// else JPEG (see LoadImage). Payloads: vCard4 256 KiB, vcard-temp 16 MiB
// (its photo 10 MiB once decoded), avatar data 15 MiB of XML (10 MiB
// decoded), metadata and nickname 64 KiB. Text: MaxLen runes per line,
// MaxTextLen per message.
package profile
