package profile

import (
	"errors"
	"testing"
)

func TestTypedErrorsAreFoundWithAs(t *testing.T) {
	var le *LimitError
	if _, _, err := CheckImage(make([]byte, MaxImageBytes+1)); !errors.As(err, &le) || le.Size != MaxImageBytes+1 || le.Limit != MaxImageBytes {
		t.Errorf("CheckImage(too big) = %v, want a *LimitError with the sizes", err)
	}
	var pe *PixelLimitError
	if _, _, err := CheckImage(pngHeader(60000, 60000)); !errors.As(err, &pe) || pe.Width != 60000 || pe.MaxSide != MaxImageSide {
		t.Errorf("CheckImage(60000×60000) = %v, want a *PixelLimitError", err)
	}
	var fe *FieldError
	err := Update{Nickname: "", Email: "<bob@example.org>"}.Validate()
	if !errors.As(err, &fe) || fe.Field != FieldNickname {
		t.Fatalf("Validate = %v, want a *FieldError for the nickname first", err)
	}
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 2 || ve.Field(FieldEmail) == "" {
		t.Errorf("Validate = %v, want both fields in the *ValidationError", err)
	}
}
