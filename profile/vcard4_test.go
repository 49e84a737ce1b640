package profile

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestVCard4RoundTrip(t *testing.T) {
	profiles := []Profile{
		{},
		{Nickname: "Romeo"},
		{Nickname: "Ro<me>o & \"J\"", Status: "In the orchard 🌙", MobileNumber: "+15551234567", Email: "romeo@example.net",
			Avatar: Avatar{URL: "https://example.net/romeo.png?size=192&v=2"}},
		{Status: "only a status"},
	}
	for _, p := range profiles {
		b, err := EncodeVCard4(p)
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(b, []byte("xmlns=")); n != 1 {
			t.Fatalf("%s: %d xmlns attributes, want 1", b, n)
		}
		got, err := DecodeVCard4(b)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !reflect.DeepEqual(got, Profile{Nickname: p.Nickname, Status: p.Status, MobileNumber: p.MobileNumber, Email: p.Email, Avatar: Avatar{URL: p.Avatar.URL}}) {
			t.Fatalf("round trip of %+v gave %+v", p, got)
		}
	}
}

func TestEncodeVCard4Shape(t *testing.T) {
	b, err := EncodeVCard4(Profile{JID: "romeo@example.net", Nickname: "Romeo", Status: "hi", MobileNumber: "+15551234567", Email: "r@example.net"})
	if err != nil {
		t.Fatal(err)
	}
	want := `<vcard xmlns="urn:ietf:params:xml:ns:vcard-4.0">` +
		`<fn><text>Romeo</text></fn><nickname><text>Romeo</text></nickname>` +
		`<tel><parameters><type><text>cell</text></type></parameters><uri>tel:+15551234567</uri></tel>` +
		`<email><text>r@example.net</text></email><note><text>hi</text></note></vcard>`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	// Text XML cannot carry does not break the document.
	b, _ = EncodeVCard4(Profile{Nickname: "a\x1bb\x00c"})
	if _, err := DecodeVCard4(b); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
}

func TestDecodeVCard4Fixtures(t *testing.T) {
	tests := []struct {
		file string
		want Profile
	}{
		{"prosody-vcard4-from-vcard-temp.xml", Profile{Nickname: "juliet", Status: "Wherefore art thou, Romeo?",
			MobileNumber: "+44 20 7946 0958", Email: "juliet@example.org"}},
		{"gajim-vcard4.xml", Profile{Nickname: "Jule", Status: "Parting is such sweet sorrow",
			MobileNumber: "+44-7700-900123", Email: "juliet@example.org"}},
		{"reencoded-vcard4.xml", Profile{Nickname: "romeo", Status: "In the orchard",
			MobileNumber: "+15551234567", Email: "romeo@example.net"}},
		{"hostile-vcard4.xml", Profile{Nickname: "evil31m0;pwnname", Status: "line one line two tabbed iso",
			MobileNumber: "+1555", Email: "bad@example.org"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got, err := DecodeVCard4(fixture(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
			checkSafe(t, "nickname", got.Nickname)
			checkSafe(t, "status", got.Status)
		})
	}
}

func TestDecodeVCard4Choices(t *testing.T) {
	const ns = `<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>`
	tests := []struct {
		name, in string
		want     Profile
	}{
		{"fn when no nickname", ns + `<fn><text>Full Name</text></fn><nickname><text> </text></nickname></vcard>`, Profile{Nickname: "Full Name"}},
		{"second nickname text", ns + `<nickname><text/><text>Nick</text></nickname></vcard>`, Profile{Nickname: "Nick"}},
		{"tel as text", ns + `<tel><text>+1 555 123 4567</text></tel></vcard>`, Profile{MobileNumber: "+1 555 123 4567"}},
		{"cell preferred", ns + `<tel><uri>tel:+111111111</uri></tel><tel><parameters><type><text>voice</text><text>CELL</text></type></parameters><uri>tel:+222222222</uri></tel></vcard>`,
			Profile{MobileNumber: "+222222222"}},
		{"tel uri parameters", ns + `<tel><uri>tel:+1-201-555-0123;ext=1234</uri></tel></vcard>`, Profile{MobileNumber: "+1-201-555-0123"}},
		{"odd number kept sanitised", ns + `<tel><text>ask at the desk</text></tel></vcard>`, Profile{MobileNumber: "ask at the desk"}},
		{"email mailto uri", ns + `<email><uri>mailto:a@b.org</uri></email></vcard>`, Profile{Email: "a@b.org"}},
		{"photo uri", ns + `<photo><uri>data:image/png;base64,AAAA</uri></photo><photo><uri>https://x.org/p.png</uri></photo></vcard>`,
			Profile{Avatar: Avatar{URL: "https://x.org/p.png"}}},
		{"foreign children and text", ns + `text<x xmlns='urn:other'><fn><text>no</text></fn></x><note><text>yes</text></note></vcard>`, Profile{Status: "yes"}},
		{"prolog and comments", `<?xml version='1.0'?><!-- hi -->` + ns + `<note><!-- c --><text>ok</text></note></vcard>`, Profile{Status: "ok"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeVCard4([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestDecodeVCard4Errors(t *testing.T) {
	for _, in := range []string{
		"",
		"not xml",
		`<vCard xmlns='vcard-temp'><FN>x</FN></vCard>`,
		`<vcard><fn><text>no namespace</text></fn></vcard>`,
		`<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'><fn><text>unclosed</fn></vcard>`,
		`<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'><note><text>&bogus;</text></note></vcard>`,
		`<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>`,
	} {
		_, err := DecodeVCard4([]byte(in))
		wantMalformed(t, err)
	}
	big := `<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'><note><text>` + strings.Repeat("x", 300<<10) + `</text></note></vcard>`
	_, err := DecodeVCard4([]byte(big))
	wantCode(t, err, codeTooLarge)
}

func TestDecodeVCard4ManyProperties(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>`)
	for range 5000 {
		b.WriteString(`<tel><text/></tel>`)
	}
	b.WriteString(`<note><text>still read</text></note></vcard>`)
	got, err := DecodeVCard4([]byte(b.String()))
	if err != nil || got.Status != "still read" {
		t.Fatalf("got %+v, %v", got, err)
	}
}
