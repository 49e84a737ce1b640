package errtext

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/parley-im/parley/profile"
)

// profileText words the errors of package profile.
func profileText(err error) (int, string, bool) {
	switch e := err.(type) {
	case *profile.ValidationError:
		return BadRequest, e.Error(), true
	case *profile.FieldError:
		return BadRequest, e.Message, true
	case *profile.UnknownFieldError:
		return Internal, fmt.Sprintf("There is no profile field called %q.", e.Field), true
	case *profile.LimitError:
		if e.Size == 0 {
			return TooLarge, fmt.Sprintf("The %s is larger than %s, the limit.", e.What, profile.HumanBytes(e.Limit)), true
		}
		return TooLarge, fmt.Sprintf("The %s is %s; the limit is %s.", e.What, profile.HumanBytes(e.Size), profile.HumanBytes(e.Limit)), true
	case *profile.PixelLimitError:
		return TooLarge, fmt.Sprintf("The %s is %d×%d pixels; the limit is %d×%d.", e.What, e.Width, e.Height, e.MaxSide, e.MaxSide), true
	case *profile.ImageError:
		return imageText(e)
	case *profile.FetchError:
		return fetchText(e)
	case *profile.SourceError:
		if e.Reason == "file" {
			return Forbidden, "Here an image can only come from a public http(s) URL: this server does not read its own files for you.", true
		}
		return Forbidden, fmt.Sprintf("The image URL %s leads into this server's own network (%s); use a public address.", e.Source, e.Reason), true
	case *profile.MalformedError:
		return Internal, fmt.Sprintf("The %s could not be read: it is not well-formed.", e.What), true
	case *profile.ChecksumError:
		return Internal, "The avatar received does not match its announced checksum; it was damaged on the way or is not the announced image.", true
	case *profile.CacheError:
		switch {
		case errors.Is(e.Err, profile.ErrBadAvatarID):
			return BadRequest, fmt.Sprintf("%q is not an avatar id (40 hexadecimal digits).", e.ID), true
		case errors.Is(e.Err, profile.ErrNoCacheDir):
			return Internal, "The avatar cache has no directory.", true
		case errors.Is(e.Err, fs.ErrPermission):
			return Internal, fmt.Sprintf("The avatar cache %s is not writable.", e.Dir), true
		}
		return Internal, fmt.Sprintf("The avatar could not be saved in the cache %s.", e.Dir), true
	}
	switch err {
	case profile.ErrNoCacheDir:
		return Internal, "There is no cache directory for avatars: set XDG_CACHE_HOME or HOME.", true
	case profile.ErrMalformed:
		return Internal, "", true
	}
	return 0, "", false
}

// imageSentences are the sentences of ImageError problems that name
// nothing but the problem, and their codes.
var imageSentences = map[profile.ImageProblem]struct {
	code int
	text string
}{
	profile.ImageNone:         {BadRequest, "No image was given."},
	profile.ImageEmpty:        {BadRequest, "The image is empty."},
	profile.ImageHeader:       {BadRequest, "The image is damaged: its header cannot be read."},
	profile.ImageNoPixels:     {BadRequest, "The image has no pixels."},
	profile.ImageUndecodable:  {BadRequest, "The image is damaged or truncated and cannot be decoded."},
	profile.ImageSizeMismatch: {BadRequest, "The image is damaged: its size does not match its header."},
	profile.ImageEncode:       {Internal, "The avatar could not be encoded as PNG."},
	profile.ImageTimeout:      {Unavailable, "Loading the image took too long."},
	profile.ImageCancelled:    {Internal, "Loading the image was cancelled."},
}

func imageText(e *profile.ImageError) (int, string, bool) {
	if s, ok := imageSentences[e.Problem]; ok {
		return s.code, s.text, true
	}
	format := ""
	switch e.Problem {
	case profile.ImageFormat:
		return BadRequest, fmt.Sprintf("The file is %s, not a PNG, JPEG, GIF or WebP image.", e.Detail), true
	case profile.ImageFileMissing:
		format = "The image file %s does not exist."
	case profile.ImageFileDenied:
		format = "The image file %s cannot be read: permission denied."
	case profile.ImageFileUnopenable:
		format = "The image file %s cannot be opened."
	case profile.ImageFileUnreadable:
		format = "The image file %s cannot be read."
	case profile.ImageNotRegular:
		format = "The image %s is not a regular file."
	default:
		return 0, "", false
	}
	return BadRequest, fmt.Sprintf(format, e.Source), true
}

func fetchText(e *profile.FetchError) (int, string, bool) {
	switch e.Problem {
	case profile.FetchBadURL:
		return BadRequest, fmt.Sprintf("The image URL %s is not a valid address.", e.URL), true
	case profile.FetchStatus:
		if e.Status == http.StatusNotFound || e.Status == http.StatusGone {
			return NotFound, fmt.Sprintf("The image URL %s was not found (HTTP %d).", e.URL, e.Status), true
		}
		return BadRequest, fmt.Sprintf("The image URL %s answered HTTP %d %s instead of an image; check the address.",
			e.URL, e.Status, profile.Sanitize(http.StatusText(e.Status))), true
	case profile.FetchTimeout:
		return Unavailable, fmt.Sprintf("The image URL %s did not answer within %s; try again or use another image.", e.URL, e.Timeout), true
	case profile.FetchUnreachable:
		return Unavailable, fmt.Sprintf("The image URL %s cannot be reached; check the address and your network.", e.URL), true
	case profile.FetchNotImage:
		return BadRequest, fmt.Sprintf("The URL serves %s, not an image.", e.Served), true
	}
	return 0, "", false
}
