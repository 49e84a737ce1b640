package profile

import (
	"strings"
	"testing"
)

// The number is shown as its owner typed it; only the tel: URI on the
// wire is normalised, the typed form travelling in a parameter beside it.
func TestMobileTypedFormRoundTrip(t *testing.T) {
	const typed = "+44 20 7946 0958"
	u := Update{Nickname: "A", MobileNumber: " " + typed + " "}
	if err := u.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := u.Normalized().MobileNumber; got != typed {
		t.Fatalf("normalised to %q, want it as typed", got)
	}
	b, err := EncodeVCard4(Profile{MobileNumber: typed})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{"<uri>tel:+442079460958</uri>", "<x-parley-typed><text>" + typed + "</text></x-parley-typed>", "<text>cell</text>"} {
		if !strings.Contains(s, want) {
			t.Fatalf("vCard4 lacks %s:\n%s", want, s)
		}
	}
	if got, err := DecodeVCard4(b); err != nil || got.MobileNumber != typed {
		t.Fatalf("read back %q (%v), want %q", got.MobileNumber, err, typed)
	}
	// Typed as the URI says it: no parameter.
	b, _ = EncodeVCard4(Profile{MobileNumber: "+15551234567"})
	if strings.Contains(string(b), "x-parley-typed") || !strings.Contains(string(b), "tel:+15551234567") {
		t.Fatalf("plain number: %s", b)
	}
	// vcard-temp's NUMBER is free text: the typed form.
	vt, _ := EncodeVCardTemp(Profile{MobileNumber: typed})
	if got, err := DecodeVCardTemp(vt); err != nil || got.MobileNumber != typed {
		t.Fatalf("vcard-temp read back %q (%v)", got.MobileNumber, err)
	}
}

func TestMobileTypedFormFromTheNetwork(t *testing.T) {
	const ns = `<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>`
	tel := func(params, uri string) []byte {
		return []byte(ns + `<tel><parameters><type><text>cell</text></type>` + params + `</parameters><uri>` + uri + `</uri></tel></vcard>`)
	}
	tests := []struct{ name, in, want string }{
		{"typed kept", string(tel(`<x-parley-typed><text>+44 20 7946 0958</text></x-parley-typed>`, "tel:+442079460958")), "+44 20 7946 0958"},
		// Another client changed the URI but kept our parameter: the
		// parameter is stale and the URI wins.
		{"stale typed form", string(tel(`<x-parley-typed><text>+44 20 7946 0958</text></x-parley-typed>`, "tel:+15550100")), "+15550100"},
		{"hostile typed form", string(tel("<x-parley-typed><text>+1 555\u202e 0100</text></x-parley-typed>", "tel:+15550100")), "+1 555 0100"},
		{"no typed form", string(tel("", "tel:+442079460958")), "+442079460958"},
		{"visual separators kept", string(tel("", "tel:+44-20-7946-0958")), "+44-20-7946-0958"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeVCard4([]byte(tc.in))
			if err != nil || got.MobileNumber != tc.want {
				t.Fatalf("got %q (%v), want %q", got.MobileNumber, err, tc.want)
			}
			checkSafe(t, "mobile", got.MobileNumber)
		})
	}
}

// A save writes the typed form into the mobile tel and keeps the other
// parameters; a number typed as its URI says it drops the parameter.
func TestEditVCard4TypedMobile(t *testing.T) {
	out, err := EditVCard4([]byte(foreignVCard4), Profile{Nickname: "Ally", MobileNumber: "+1 555 0199"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{"tel:+15550199</uri>", "+1 555 0199</text>", "<integer>1</integer>", "tel:+441865000000</uri>"} {
		if !strings.Contains(s, want) {
			t.Fatalf("edited vCard4 lacks %q:\n%s", want, s)
		}
	}
	if got, err := DecodeVCard4(out); err != nil || got.MobileNumber != "+1 555 0199" {
		t.Fatalf("read back %q (%v):\n%s", got.MobileNumber, err, s)
	}
	out, err = EditVCard4(out, Profile{Nickname: "Ally", MobileNumber: "+15550123"})
	if err != nil {
		t.Fatal(err)
	}
	s = string(out)
	if strings.Contains(s, "x-parley-typed") || !strings.Contains(s, "tel:+15550123</uri>") || !strings.Contains(s, "<integer>1</integer>") {
		t.Fatalf("second edit:\n%s", s)
	}
	if got, _ := DecodeVCard4(out); got.MobileNumber != "+15550123" {
		t.Fatalf("read back %q", got.MobileNumber)
	}
}
