package profile

import "fmt"

// LimitError is a payload or image over its size limit (in bytes).
type LimitError struct {
	What  string // "image", "vCard4 profile", "avatar", …
	Size  int    // bytes; 0 when it is only known to be over the limit
	Limit int    // bytes
}

func (e *LimitError) Error() string {
	if e.Size == 0 {
		return fmt.Sprintf("profile: %s larger than the limit of %s", e.What, humanBytes(e.Limit))
	}
	return fmt.Sprintf("profile: %s is %s, over the limit of %s", e.What, humanBytes(e.Size), humanBytes(e.Limit))
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
