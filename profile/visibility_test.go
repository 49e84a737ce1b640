package profile

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseVisibility(t *testing.T) {
	for in, want := range map[string]Visibility{"": VisibilityContacts, " contacts ": VisibilityContacts, "MIXED": VisibilityMixed, "public": VisibilityPublic} {
		got, err := ParseVisibility(in)
		if err != nil || got != want {
			t.Errorf("ParseVisibility(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"everyone", "open", "presence", "contacts only"} {
		_, err := ParseVisibility(bad)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field(FieldVisibility) == "" || !strings.Contains(ve.Field(FieldVisibility), bad) {
			t.Errorf("ParseVisibility(%q): %v, want a ValidationError naming the visibility and the value", bad, err)
		}
	}
}

func TestVisibilityPublicFields(t *testing.T) {
	for v, want := range map[Visibility][]string{
		"":                 nil,
		"nonsense":         nil, // what cannot be read opens nothing
		VisibilityContacts: nil,
		VisibilityMixed:    {FieldNickname, FieldImage},
		VisibilityPublic:   {FieldNickname, FieldImage, FieldStatus, FieldMobile, FieldEmail},
	} {
		if got := v.PublicFields(); !slices.Equal(got, want) {
			t.Errorf("%q: public %v, want %v", v, got, want)
		}
	}
}

func TestUpdateValidatesTheVisibility(t *testing.T) {
	err := Update{Nickname: "A", Visibility: "friends"}.Validate()
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Field(FieldVisibility) == "" {
		t.Fatalf("bad visibility: %v", err)
	}
	if err := (Update{Nickname: "A", Visibility: " Public "}).Validate(); err != nil {
		t.Fatalf("good visibility: %v", err)
	}
	if n := (Update{Visibility: " Public "}).Normalized(); n.Visibility != VisibilityPublic {
		t.Fatalf("normalised %q", n.Visibility)
	}
}
