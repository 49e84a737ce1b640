package profile

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// LimitError is a payload or image over its size limit (in bytes).
type LimitError struct {
	What  string // "image", "vCard4 profile", "avatar", …
	Size  int    // bytes; 0 when it is only known to be over the limit
	Limit int    // bytes
}

func (e *LimitError) Error() string {
	if e.Size == 0 {
		return fmt.Sprintf("profile: %s larger than the limit of %s", e.What, HumanBytes(e.Limit))
	}
	return fmt.Sprintf("profile: %s is %s, over the limit of %s", e.What, HumanBytes(e.Size), HumanBytes(e.Limit))
}

// PixelLimitError is an image whose width or height is over the limit.
type PixelLimitError struct {
	What          string // "image", "avatar of alice@example.org"
	Width, Height int
	MaxSide       int
}

func (e *PixelLimitError) Error() string {
	return fmt.Sprintf("profile: %s is %d×%d pixels, over the limit of %d×%d", e.What, e.Width, e.Height, e.MaxSide, e.MaxSide)
}

// Error makes a FieldError an error, so that errors.As finds the bad
// field of a ValidationError.
func (f *FieldError) Error() string { return "profile: invalid " + f.Field + ": " + f.Message }

// Unwrap gives each invalid field as a *FieldError.
func (v *ValidationError) Unwrap() []error {
	errs := make([]error, len(v.Fields))
	for i := range v.Fields {
		errs[i] = &v.Fields[i]
	}
	return errs
}

// Sentinels found with errors.Is in the errors of this package.
var (
	// ErrNoCacheDir: there is no cache directory for avatars (neither
	// XDG_CACHE_HOME nor HOME), or a Cache has an empty Dir.
	ErrNoCacheDir = errors.New("profile: no avatar cache directory")
	// ErrBadAvatarID: an avatar id that is not 40 hexadecimal digits.
	ErrBadAvatarID = errors.New("profile: not an avatar id")
	// ErrUnknownField: a field name that is none of the Field… constants.
	ErrUnknownField = errors.New("profile: no such field")
)

// ImageProblem says what is wrong with an image.
type ImageProblem string

// The problems an ImageError can report.
const (
	ImageNone           ImageProblem = "no image given"
	ImageEmpty          ImageProblem = "empty"
	ImageFormat         ImageProblem = "not a PNG, JPEG, GIF or WebP image" // Detail: the type it is
	ImageHeader         ImageProblem = "header cannot be read"
	ImageNoPixels       ImageProblem = "no pixels"
	ImageUndecodable    ImageProblem = "cannot be decoded"
	ImageSizeMismatch   ImageProblem = "size does not match its header"
	ImageEncode         ImageProblem = "cannot be encoded as PNG"
	ImageTimeout        ImageProblem = "loading took too long"
	ImageCancelled      ImageProblem = "loading was cancelled"
	ImageFileMissing    ImageProblem = "file does not exist"
	ImageFileDenied     ImageProblem = "file cannot be read: permission denied"
	ImageFileUnopenable ImageProblem = "file cannot be opened"
	ImageFileUnreadable ImageProblem = "file cannot be read"
	ImageNotRegular     ImageProblem = "not a regular file"
)

// ImageError is an image that cannot be loaded or used.
type ImageError struct {
	Source  string // the file or URL, sanitised; "" for bytes in memory
	Problem ImageProblem
	Detail  string // for ImageFormat: the content type found
	Err     error  // the cause, if any
}

func (e *ImageError) Error() string {
	msg := "profile: image"
	if e.Source != "" {
		msg += " " + e.Source
	}
	msg += ": " + string(e.Problem)
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *ImageError) Unwrap() error { return e.Err }

// FetchProblem says why an image URL gave no image.
type FetchProblem string

// The problems a FetchError can report.
const (
	FetchBadURL      FetchProblem = "not a valid address"
	FetchStatus      FetchProblem = "answered an HTTP error" // Status
	FetchTimeout     FetchProblem = "did not answer in time" // Timeout
	FetchUnreachable FetchProblem = "cannot be reached"
	FetchNotImage    FetchProblem = "serves no image" // Served
)

// FetchError is an image URL that gave no image.
type FetchError struct {
	URL     string // redacted and sanitised
	Problem FetchProblem
	Status  int           // the HTTP status, for FetchStatus
	Served  string        // the content type, for FetchNotImage
	Timeout time.Duration // the bound of the download, for FetchTimeout
	Err     error
}

func (e *FetchError) Error() string {
	msg := "profile: fetch " + e.URL + ": " + string(e.Problem)
	switch {
	case e.Status != 0:
		msg += fmt.Sprintf(" %d", e.Status)
	case e.Served != "":
		msg += " (" + e.Served + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *FetchError) Unwrap() error { return e.Err }

// MalformedError is a payload from the network that cannot be read (bad
// XML, wrong element, bad base64). It wraps ErrMalformed.
type MalformedError struct {
	What string // "vCard4 profile", "avatar", …
	Err  error  // the detail, if any
}

func (e *MalformedError) Error() string {
	if e.Err == nil {
		return "profile: malformed " + e.What
	}
	return "profile: malformed " + e.What + ": " + e.Err.Error()
}

// Unwrap gives ErrMalformed and the detail.
func (e *MalformedError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrMalformed}
	}
	return []error{ErrMalformed, e.Err}
}

// ChecksumError is an avatar whose SHA-1 is not its announced id. It
// wraps ErrMalformed.
type ChecksumError struct {
	Got, Want string // the hash of the data; the announced id (sanitised)
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("profile: avatar SHA-1 %s does not match the announced id %q", e.Got, e.Want)
}

func (e *ChecksumError) Unwrap() error { return ErrMalformed }

// CacheError is an avatar the cache did not store: a bad id
// (ErrBadAvatarID), no directory (ErrNoCacheDir) or the file system's
// error.
type CacheError struct {
	Dir string // sanitised
	ID  string // sanitised
	Err error
}

func (e *CacheError) Error() string {
	cause := strings.TrimPrefix(e.Err.Error(), "profile: ")
	if e.ID != "" {
		return fmt.Sprintf("profile: avatar cache %s: %s: %s", e.Dir, e.ID, cause)
	}
	return fmt.Sprintf("profile: avatar cache %s: %s", e.Dir, cause)
}

func (e *CacheError) Unwrap() error { return e.Err }

// UnknownFieldError is a field name that is none of the Field… constants.
// It wraps ErrUnknownField.
type UnknownFieldError struct{ Field string }

func (e *UnknownFieldError) Error() string { return fmt.Sprintf("profile: no field %q", e.Field) }
func (e *UnknownFieldError) Unwrap() error { return ErrUnknownField }
