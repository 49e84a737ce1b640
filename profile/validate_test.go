package profile

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	img := writeTemp(t, "me.png", encodePNG(t, testImage(10, 10)))
	dir := t.TempDir()
	good := Update{Nickname: "Bob", Image: img, Status: "Out for lunch", MobileNumber: "+49 170 123-4567", Email: "bob@example.org"}
	tests := []struct {
		name   string
		change func(*Update)
		fields []string // invalid fields, in order; nil means valid
	}{
		{"all good", func(*Update) {}, nil},
		{"optional fields empty", func(u *Update) { u.Image, u.Status, u.MobileNumber, u.Email = "", "", "", "" }, nil},
		{"surrounding spaces trimmed", func(u *Update) { u.Nickname, u.Email = "  Bob ", " bob@example.org\n" }, nil},
		{"nickname empty", func(u *Update) { u.Nickname = "" }, []string{FieldNickname}},
		{"nickname blank", func(u *Update) { u.Nickname = " \t " }, []string{FieldNickname}},
		{"nickname 64", func(u *Update) { u.Nickname = strings.Repeat("x", 64) }, nil},
		{"nickname 65", func(u *Update) { u.Nickname = strings.Repeat("x", 65) }, []string{FieldNickname}},
		{"nickname 64 emoji", func(u *Update) { u.Nickname = strings.Repeat("👍🏽", 64) }, nil},
		{"nickname escape", func(u *Update) { u.Nickname = "bob\x1b[31m" }, []string{FieldNickname}},
		{"nickname bidi", func(u *Update) { u.Nickname = "bob\u202etxt.exe" }, []string{FieldNickname}},
		{"nickname newline", func(u *Update) { u.Nickname = "bo\nb" }, []string{FieldNickname}},
		{"nickname C1", func(u *Update) { u.Nickname = "bo\u009bb" }, []string{FieldNickname}},
		{"nickname invalid UTF-8", func(u *Update) { u.Nickname = "bo\xffb" }, []string{FieldNickname}},
		{"status 140", func(u *Update) { u.Status = strings.Repeat("s", 140) }, nil},
		{"status 141", func(u *Update) { u.Status = strings.Repeat("s", 141) }, []string{FieldStatus}},
		{"status tab", func(u *Update) { u.Status = "a\tb" }, []string{FieldStatus}},
		{"mobile plain", func(u *Update) { u.MobileNumber = "01701234567" }, nil},
		{"mobile 7 digits", func(u *Update) { u.MobileNumber = "123 45-67" }, nil},
		{"mobile 6 digits", func(u *Update) { u.MobileNumber = "123456" }, []string{FieldMobile}},
		{"mobile 15 digits", func(u *Update) { u.MobileNumber = "+123456789012345" }, nil},
		{"mobile 16 digits", func(u *Update) { u.MobileNumber = "+1234567890123456" }, []string{FieldMobile}},
		{"mobile parentheses", func(u *Update) { u.MobileNumber = "+1 (555) 123-4567" }, []string{FieldMobile}},
		{"mobile plus inside", func(u *Update) { u.MobileNumber = "49+1701234567" }, []string{FieldMobile}},
		{"mobile two plus", func(u *Update) { u.MobileNumber = "++491701234567" }, []string{FieldMobile}},
		{"mobile letters", func(u *Update) { u.MobileNumber = "call me maybe" }, []string{FieldMobile}},
		{"mobile other digits", func(u *Update) { u.MobileNumber = "٠١٢٣٤٥٦٧٨" }, []string{FieldMobile}},
		{"email display name", func(u *Update) { u.Email = "Bob <b@x.org>" }, []string{FieldEmail}},
		{"email angle brackets", func(u *Update) { u.Email = "<b@x.org>" }, []string{FieldEmail}},
		{"email comment", func(u *Update) { u.Email = "b@x.org (Bob)" }, []string{FieldEmail}},
		{"email two", func(u *Update) { u.Email = "b@x.org, c@y.org" }, []string{FieldEmail}},
		{"email no domain", func(u *Update) { u.Email = "bob@" }, []string{FieldEmail}},
		{"email no at", func(u *Update) { u.Email = "bob.example.org" }, []string{FieldEmail}},
		{"email two at", func(u *Update) { u.Email = "a@b@c.org" }, []string{FieldEmail}},
		{"email local host", func(u *Update) { u.Email = "admin@localhost" }, nil},
		{"email too long", func(u *Update) { u.Email = strings.Repeat("a", 250) + "@x.org" }, []string{FieldEmail}},
		{"image URL", func(u *Update) { u.Image = "https://example.org/a.png" }, nil},
		{"image missing", func(u *Update) { u.Image = filepath.Join(dir, "nope.png") }, []string{FieldImage}},
		{"image directory", func(u *Update) { u.Image = dir }, []string{FieldImage}},
		{"image ftp", func(u *Update) { u.Image = "ftp://example.org/a.png" }, []string{FieldImage}},
		{"image file URL", func(u *Update) { u.Image = "file:///etc/passwd" }, []string{FieldImage}},
		{"image credentials", func(u *Update) { u.Image = "https://me:secret@example.org/a.png" }, []string{FieldImage}},
		{"image no host", func(u *Update) { u.Image = "http://" }, []string{FieldImage}},
		{"several", func(u *Update) { u.Nickname, u.MobileNumber, u.Email = "", "12", "Bob <b@x.org>" },
			[]string{FieldNickname, FieldMobile, FieldEmail}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := good
			tc.change(&u)
			err := u.Validate()
			if tc.fields == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			wantCode(t, err, codeBadRequest)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("%v holds no *ValidationError", err)
			}
			var got []string
			for _, f := range ve.Fields {
				got = append(got, f.Field)
				if !strings.HasPrefix(f.Message, "The ") || !strings.HasSuffix(f.Message, ".") {
					t.Errorf("message %q is not one sentence", f.Message)
				}
				if ve.Field(f.Field) != f.Message {
					t.Errorf("Field(%q) = %q", f.Field, ve.Field(f.Field))
				}
				// ValidateField agrees with Validate.
				if ValidateField(f.Field, fieldOf(u, f.Field)) == nil {
					t.Errorf("ValidateField(%q) = nil", f.Field)
				}
			}
			if !reflect.DeepEqual(got, tc.fields) {
				t.Fatalf("invalid fields %v, want %v", got, tc.fields)
			}
			if MessageOf(err) != ve.Error() {
				t.Fatalf("message %q, want %q", MessageOf(err), ve.Error())
			}
		})
	}
}

func fieldOf(u Update, field string) string {
	switch field {
	case FieldNickname:
		return u.Nickname
	case FieldImage:
		return u.Image
	case FieldStatus:
		return u.Status
	case FieldMobile:
		return u.MobileNumber
	case FieldEmail:
		return u.Email
	}
	return ""
}

func TestValidateField(t *testing.T) {
	if err := ValidateField(FieldNickname, "Alice"); err != nil {
		t.Fatal(err)
	}
	if err := ValidateField(FieldMobile, " +1 555 123 4567 "); err != nil {
		t.Fatal(err)
	}
	err := ValidateField(FieldEmail, "Bob <b@x.org>")
	wantCode(t, err, codeBadRequest)
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != FieldEmail {
		t.Fatalf("got %#v", ve)
	}
	wantCode(t, ValidateField("age", "12"), codeInternal)
}

func TestNormalizeMobile(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+49 170 123-4567", "+491701234567"},
		{"  0170-1234567 ", "01701234567"},
		{"", ""},
		{"   ", ""},
	}
	for _, tc := range tests {
		got, err := NormalizeMobile(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"123", "+1 (555) 1234567", "1234567+", "12345678901234567", "tel:+15551234567"} {
		_, err := NormalizeMobile(bad)
		wantCode(t, err, codeBadRequest)
	}
}

func TestNormalized(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	if err := os.WriteFile(filepath.Join(home, "me.png"), encodePNG(t, testImage(4, 4)), 0o600); err != nil {
		t.Fatal(err)
	}
	u := Update{Nickname: " Bob ", Image: " ~/me.png ", Status: " hi ", MobileNumber: "+1 555-123-4567", Email: " b@x.org "}
	got := u.Normalized()
	want := Update{Nickname: "Bob", Image: filepath.Join(home, "me.png"), Status: "hi", MobileNumber: "+1 555-123-4567", Email: "b@x.org"}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if err := u.Validate(); err != nil {
		t.Fatalf("Validate of a ~/ path: %v", err)
	}
	// An invalid number is only trimmed.
	if got := (Update{MobileNumber: " 12 "}).Normalized().MobileNumber; got != "12" {
		t.Fatalf("got %q", got)
	}
}

func TestNormalizedCollapsesSpaces(t *testing.T) {
	got := Update{Nickname: " Romeo \u00a0 of\u3000Verona ", Status: "a  b"}.Normalized()
	if got.Nickname != "Romeo of Verona" || got.Status != "a b" {
		t.Fatalf("got %q, %q", got.Nickname, got.Status)
	}
	if got := (Update{Nickname: "a\t\tb"}).Normalized().Nickname; got != "a\t\tb" {
		t.Fatalf("tabs changed: %q", got)
	}
}
