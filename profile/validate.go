package profile

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Field names used in FieldError.Field and ValidateField.
const (
	FieldNickname = "nickname"
	FieldImage    = "image"
	FieldStatus   = "status"
	FieldMobile   = "mobileNumber"
	FieldEmail    = "email"
)

// Bounds of what a user may type, in characters (grapheme clusters: what a
// person counts, so an emoji is one).
const (
	MaxNicknameLen  = 64
	MaxStatusLen    = 140
	minMobileDigits = 7
	maxMobileDigits = 15 // E.164
	maxEmailLen     = 254
)

// FieldError is one invalid field of an Update.
type FieldError struct {
	Field   string // one of the Field… constants
	Message string // one sentence for a person
}

// ValidationError lists every invalid field of an Update, in the order
// nickname, image, status, mobileNumber, email, visibility.
type ValidationError struct {
	Fields []FieldError
}

// Error joins the sentences of all fields.
func (v *ValidationError) Error() string {
	msgs := make([]string, len(v.Fields))
	for i, f := range v.Fields {
		msgs[i] = f.Message
	}
	return strings.Join(msgs, " ")
}

// Field returns the message for one field, or "" when it is valid.
func (v *ValidationError) Field(name string) string {
	for _, f := range v.Fields {
		if f.Field == name {
			return f.Message
		}
	}
	return ""
}

// Validate checks the normalised form of u (see Normalized) and returns
// nil or a *ValidationError listing the invalid fields, one sentence
// each. Send u.Normalized(), not u.
//
// Rules: nickname 1–64 characters without control or invisible format
// characters; image empty, an existing regular file (its size and content are
// checked by LoadImage, which answers 413 for an image over the limit), or
// an http(s) URL without user name or password; status at most 140
// characters on one line; mobile number empty or digits with an optional
// leading +, spaces and dashes allowed, 7–15 digits; e-mail empty or one
// plain address such as bob@example.org (no display name, no angle
// brackets, no comment).
func (u Update) Validate() error {
	n := u.Normalized()
	var fields []FieldError
	check := func(field, value string) {
		if msg := fieldProblem(field, value); msg != "" {
			fields = append(fields, FieldError{Field: field, Message: msg})
		}
	}
	check(FieldNickname, n.Nickname)
	check(FieldImage, n.Image)
	if n.PublishURL && !n.RemoveImage && !isURL(n.Image) && fieldProblem(FieldImage, n.Image) == "" {
		fields = append(fields, FieldError{Field: FieldImage, Message: "Only an image given by an http(s) URL has an address to publish."})
	}
	check(FieldStatus, n.Status)
	check(FieldMobile, n.MobileNumber)
	check(FieldEmail, n.Email)
	if n.Visibility != "" {
		if _, err := ParseVisibility(string(n.Visibility)); err != nil {
			fields = append(fields, err.(*ValidationError).Fields...)
		}
	}
	return validationErr(fields)
}

// ValidateField checks one field as Validate does (after the same
// normalisation), for inline validation in a form. field is one of the
// Field… constants; an unknown name is a programming error (code 500).
func ValidateField(field, value string) error {
	var msg string
	switch field {
	case FieldNickname, FieldStatus:
		msg = fieldProblem(field, collapseSpaces(value))
	case FieldEmail:
		msg = fieldProblem(field, strings.TrimSpace(value))
	case FieldImage:
		msg = fieldProblem(field, normalizeImage(value))
	case FieldMobile:
		msg = fieldProblem(field, strings.TrimSpace(value))
	default:
		return &UnknownFieldError{Field: field}
	}
	if msg == "" {
		return nil
	}
	return validationErr([]FieldError{{Field: field, Message: msg}})
}

func validationErr(fields []FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	v := &ValidationError{Fields: fields}
	return v
}

// Normalized returns u with surrounding white space trimmed from every
// field, runs of spaces inside the nickname and status made one ASCII
// space (as every receiver's Sanitize would show them), and a leading
// "~/" in the image path expanded to the home directory. The mobile
// number is kept as typed (trimmed): it is shown so, and only its tel:
// URI on the wire is normalised (NormalizeMobile).
func (u Update) Normalized() Update {
	n := Update{
		Nickname:     collapseSpaces(u.Nickname),
		Image:        normalizeImage(u.Image),
		Status:       collapseSpaces(u.Status),
		MobileNumber: strings.TrimSpace(u.MobileNumber),
		Email:        strings.TrimSpace(u.Email),
		Avatar:       u.Avatar,
		RemoveImage:  u.RemoveImage,
		Visibility:   Visibility(strings.ToLower(strings.TrimSpace(string(u.Visibility)))),
		PublishURL:   u.PublishURL,
	}
	if n.RemoveImage {
		n.Image, n.Avatar = "", nil
	}
	return n
}

// NormalizeMobile turns a phone number as a person types it ("+49 170
// 123-4567") into digits with an optional leading + ("+491701234567").
// Spaces and dashes may separate digits; anything else is an error, as is
// a count of digits outside 7–15. An empty (or blank) number is "" and no
// error: the field is optional.
func NormalizeMobile(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	var b strings.Builder
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			digits++
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-':
		default:
			return "", mobileErr("The mobile number may contain only digits, spaces, dashes and one leading +.")
		}
	}
	if digits < minMobileDigits || digits > maxMobileDigits {
		return "", mobileErr(fmt.Sprintf("The mobile number must have %d to %d digits; it has %d.", minMobileDigits, maxMobileDigits, digits))
	}
	return b.String(), nil
}

func mobileErr(msg string) error {
	return validationErr([]FieldError{{Field: FieldMobile, Message: msg}})
}

// fieldProblem returns the sentence about an invalid, already normalised
// field, or "".
func fieldProblem(field, v string) string {
	switch field {
	case FieldNickname:
		return nicknameProblem(v)
	case FieldImage:
		return imageProblem(v)
	case FieldStatus:
		return statusProblem(v)
	case FieldMobile:
		if _, err := NormalizeMobile(v); err != nil {
			var ve *ValidationError
			if errors.As(err, &ve) {
				return ve.Fields[0].Message
			}
			return err.Error()
		}
	case FieldEmail:
		return emailProblem(v)
	}
	return ""
}

func nicknameProblem(v string) string {
	switch {
	case v == "":
		return "The nickname cannot be empty."
	case !utf8.ValidString(v) || strings.IndexFunc(v, isUnsafe) >= 0:
		return "The nickname cannot contain control characters, line breaks or invisible formatting characters."
	case uniseg.GraphemeClusterCount(v) > MaxNicknameLen || utf8.RuneCountInString(v) > MaxLen:
		return fmt.Sprintf("The nickname must be at most %d characters long.", MaxNicknameLen)
	}
	return ""
}

func statusProblem(v string) string {
	switch {
	case !utf8.ValidString(v) || strings.IndexFunc(v, isUnsafe) >= 0:
		return "The status must be one line without control characters or invisible formatting characters."
	case uniseg.GraphemeClusterCount(v) > MaxStatusLen || utf8.RuneCountInString(v) > MaxLen:
		return fmt.Sprintf("The status must be at most %d characters long.", MaxStatusLen)
	}
	return ""
}

func emailProblem(v string) string {
	if v == "" {
		return ""
	}
	const plain = "The e-mail address must be one plain address such as bob@example.org, without a name or angle brackets."
	if len(v) > maxEmailLen {
		return fmt.Sprintf("The e-mail address must be at most %d characters long.", maxEmailLen)
	}
	addr, err := mail.ParseAddress(v)
	if err != nil || addr.Name != "" || addr.Address != v {
		return plain
	}
	at := strings.LastIndexByte(v, '@')
	if at <= 0 || at == len(v)-1 {
		return plain
	}
	return ""
}

func imageProblem(v string) string {
	if v == "" {
		return ""
	}
	if isURL(v) {
		u, err := url.Parse(v)
		switch {
		case err != nil || u.Host == "":
			return "The image URL is not a valid address."
		case u.Scheme != "http" && u.Scheme != "https":
			return "The image must be a local file or an http(s) URL."
		case u.User != nil:
			return "The image URL must not contain a user name or password: it would be published with the avatar."
		}
		return ""
	}
	fi, err := os.Stat(v)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Sprintf("The image file %s does not exist.", Sanitize(v))
	case err != nil:
		return fmt.Sprintf("The image file %s cannot be read.", Sanitize(v))
	case !fi.Mode().IsRegular():
		return fmt.Sprintf("The image %s is not a regular file.", Sanitize(v))
	}
	return ""
}

// isURL reports whether an image source is meant as a URL rather than a
// path: it has a scheme ("https://…", "ftp://…").
func isURL(s string) bool {
	i := strings.Index(s, "://")
	if i <= 0 {
		return false
	}
	for _, r := range s[:i] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// normalizeImage trims an image source and expands a leading "~/" in a
// path.
func normalizeImage(s string) string {
	s = strings.TrimSpace(s)
	if s == "~" || strings.HasPrefix(s, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, s[1:])
		}
	}
	return s
}

// collapseSpaces trims s and turns each run of spaces (ASCII, no-break,
// ideographic, …, but not tabs or line breaks, which validation rejects)
// into one ASCII space. Invalid UTF-8 is only trimmed.
func collapseSpaces(s string) string {
	if !utf8.ValidString(s) {
		return strings.TrimSpace(s) // left for validation to refuse
	}
	var b strings.Builder
	pending := false
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsSpace(r) && classify(r) == keep {
			pending = true
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
