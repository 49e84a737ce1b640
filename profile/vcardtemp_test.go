package profile

import (
	"bytes"
	"encoding/base64"
	"reflect"
	"strings"
	"testing"
)

const pngID = "d6a94a64fc12263a80fc3dca14e9038b8b151dc5" // testdata/avatar-48.png

func TestVCardTempRoundTrip(t *testing.T) {
	data := fixture(t, "avatar-48.png")
	p := Profile{Nickname: "Romeo & <co>", Status: "In the orchard", MobileNumber: "+15551234567", Email: "romeo@example.net",
		Avatar: Avatar{ID: pngID, Type: "image/png", Width: 48, Height: 48, Data: data}}
	b, err := EncodeVCardTemp(p)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("xmlns=")); n != 1 {
		t.Fatalf("%s: %d xmlns attributes, want 1", b, n)
	}
	for _, part := range []string{
		`<vCard xmlns="vcard-temp">`,
		`<FN>Romeo &amp; &lt;co&gt;</FN><NICKNAME>Romeo &amp; &lt;co&gt;</NICKNAME>`,
		`<TEL><CELL></CELL><VOICE></VOICE><NUMBER>+15551234567</NUMBER></TEL>`,
		`<EMAIL><INTERNET></INTERNET><USERID>romeo@example.net</USERID></EMAIL>`,
		`<DESC>In the orchard</DESC>`,
		`<PHOTO><TYPE>image/png</TYPE><BINVAL>` + base64.StdEncoding.EncodeToString(data) + `</BINVAL></PHOTO>`,
	} {
		if !bytes.Contains(b, []byte(part)) {
			t.Errorf("%s lacks %s", b, part)
		}
	}
	got, err := DecodeVCardTemp(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Fatalf("got  %+v\nwant %+v", got, p)
	}

	// Without data there is no PHOTO; an empty profile is an empty vCard.
	b, _ = EncodeVCardTemp(Profile{Nickname: "x", Avatar: Avatar{ID: pngID}})
	if bytes.Contains(b, []byte("PHOTO")) {
		t.Fatalf("%s has a PHOTO", b)
	}
	b, _ = EncodeVCardTemp(Profile{})
	if string(b) != `<vCard xmlns="vcard-temp"></vCard>` {
		t.Fatalf("got %s", b)
	}
}

func TestDecodeVCardTempFixtures(t *testing.T) {
	png := fixture(t, "avatar-48.png")
	pngAvatar := Avatar{ID: pngID, Type: "image/png", Width: 48, Height: 48, Data: png}
	tests := []struct {
		file string
		want Profile
	}{
		{"prosody-vcard-temp-from-pep.xml", Profile{Nickname: "romeo", Status: "In the orchard",
			MobileNumber: "+15551234567", Email: "romeo@example.net", Avatar: pngAvatar}},
		{"prosody-vcard-temp-empty.xml", Profile{}},
		{"profanity-vcard-temp.xml", Profile{Nickname: "merc", Status: "A plague o' both your houses!",
			MobileNumber: "+39 333 123 4567", Email: "mercutio@example.com"}},
		{"psi-vcard-temp.xml", Profile{Nickname: "Benvolio", Status: "Keeping the peace. Line two of the description.",
			MobileNumber: "(555) 010-9999", Email: "benvolio@example.net", Avatar: pngAvatar}},
		{"legacy-email-text-vcard-temp.xml", Profile{Nickname: "Friar Laurence", MobileNumber: "555 0100 200",
			Email: "friar@example.org", Avatar: Avatar{URL: "https://example.org/friar.png"}}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got, err := DecodeVCardTemp(fixture(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestDecodeVCardTempChoices(t *testing.T) {
	const ns = `<vCard xmlns='vcard-temp'>`
	tests := []struct {
		name, in string
		want     Profile
	}{
		{"DESC over NOTE", ns + `<NOTE>note</NOTE><DESC>desc</DESC></vCard>`, Profile{Status: "desc"}},
		{"VOICE over first", ns + `<TEL><FAX/><NUMBER>111111111</NUMBER></TEL><TEL><VOICE/><NUMBER>222222222</NUMBER></TEL></vCard>`,
			Profile{MobileNumber: "222222222"}},
		{"TEL without NUMBER skipped", ns + `<TEL><CELL/><NUMBER/></TEL><TEL><NUMBER>333333333</NUMBER></TEL></vCard>`,
			Profile{MobileNumber: "333333333"}},
		{"INTERNET email preferred", ns + `<EMAIL><USERID>x400@example.org</USERID><X400/></EMAIL><EMAIL><INTERNET/><USERID>i@example.org</USERID></EMAIL></vCard>`,
			Profile{Email: "i@example.org"}},
		{"photo type sniffed", ns + `<PHOTO><BINVAL>` + base64.StdEncoding.EncodeToString(fixture(t, "avatar-48.png")) + `</BINVAL></PHOTO></vCard>`,
			Profile{Avatar: Avatar{ID: pngID, Type: "image/png", Width: 48, Height: 48, Data: fixture(t, "avatar-48.png")}}},
		{"unpadded base64", ns + `<PHOTO><TYPE>application/octet-stream</TYPE><BINVAL>aGk</BINVAL></PHOTO></vCard>`,
			Profile{Avatar: Avatar{ID: AvatarID([]byte("hi")), Type: "text/plain; charset=utf-8", Data: []byte("hi")}}},
		{"EXTVAL not http", ns + `<PHOTO><EXTVAL>javascript:alert(1)</EXTVAL></PHOTO></vCard>`, Profile{}},
		{"hostile text", ns + "<NICKNAME>\u202eevil\u009b2J</NICKNAME><DESC>a\nb</DESC></vCard>", Profile{Nickname: "evil2J", Status: "a b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeVCardTemp([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestDecodeVCardTempErrors(t *testing.T) {
	for _, in := range []string{
		"",
		`<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'/>`,
		`<vCard xmlns='vcard-temp'><PHOTO><BINVAL>!!!not base64!!!</BINVAL></PHOTO></vCard>`,
		`<vCard xmlns='vcard-temp'><FN>x</vCard>`,
	} {
		_, err := DecodeVCardTemp([]byte(in))
		wantMalformed(t, err)
	}
	// A photo of more than 10 MiB is refused before it is decoded.
	photo := base64.StdEncoding.EncodeToString(make([]byte, MaxImageBytes+3))
	_, err := DecodeVCardTemp([]byte(`<vCard xmlns='vcard-temp'><PHOTO><BINVAL>` + photo + `</BINVAL></PHOTO></vCard>`))
	wantCode(t, err, codeTooLarge)
	if !strings.Contains(MessageOf(err), "limit is 10 MiB") {
		t.Fatalf("message %q", MessageOf(err))
	}
	// Exactly 10 MiB is fine.
	photo = base64.StdEncoding.EncodeToString(make([]byte, MaxImageBytes))
	p, err := DecodeVCardTemp([]byte(`<vCard xmlns='vcard-temp'><PHOTO><BINVAL>` + photo + `</BINVAL></PHOTO></vCard>`))
	if err != nil || len(p.Avatar.Data) != MaxImageBytes {
		t.Fatalf("10 MiB photo: %d bytes, %v", len(p.Avatar.Data), err)
	}
	// So is the payload limit.
	_, err = DecodeVCardTemp(make([]byte, maxVCardTempBytes+1))
	wantCode(t, err, codeTooLarge)
}
