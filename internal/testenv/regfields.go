package testenv

import (
	"fmt"
	"strings"

	"github.com/parley-im/parley/internal/sandbox"
)

// RegistrationFields is an option for Prosody: in-band registration asks
// for these fields too, in its data form (mod_register_ibr's
// additional_registration_fields; a trailing "+" makes one required, as
// "email+").
func RegistrationFields(fields ...string) func(*sandbox.Options) {
	quoted := make([]string, 0, len(fields))
	for _, f := range fields {
		quoted = append(quoted, fmt.Sprintf("%q", f))
	}
	return func(o *sandbox.Options) {
		o.ExtraConfig += "\nadditional_registration_fields = { " + strings.Join(quoted, ", ") + " }\n"
	}
}
