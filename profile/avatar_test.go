package profile

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

const webpID = "a680ac12041379ca80220c0ff296fd42c5917ff2" // testdata/gopher.lossless.webp

func TestAvatarID(t *testing.T) {
	if got := AvatarID(nil); got != "da39a3ee5e6b4b0d3255bfef95601890afd80709" {
		t.Fatalf("SHA-1 of nothing = %s", got)
	}
	if got := AvatarID(fixture(t, "avatar-48.png")); got != pngID {
		t.Fatalf("got %s", got)
	}
	for s, want := range map[string]bool{pngID: true, strings.ToUpper(pngID): false, pngID[1:]: false, pngID[1:] + "g": false, "": false} {
		if IsAvatarID(s) != want {
			t.Errorf("IsAvatarID(%q) = %v", s, !want)
		}
	}
}

func TestAvatarDataRoundTrip(t *testing.T) {
	for _, data := range [][]byte{fixture(t, "avatar-48.png"), {0}, bytes.Repeat([]byte{0xff}, 1000)} {
		b := EncodeAvatarData(data)
		if !bytes.HasPrefix(b, []byte(`<data xmlns="urn:xmpp:avatar:data">`)) {
			t.Fatalf("got %.60s", b)
		}
		got, err := DecodeAvatarData(b)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("round trip: %v", err)
		}
	}
}

func TestDecodeAvatarDataFixtures(t *testing.T) {
	tests := []struct{ file, id, format string }{
		{"gajim-avatar-data.xml", pngID, "png"},
		{"conversations-avatar-data.xml", webpID, "webp"}, // base64 in 76-character lines
	}
	for _, tc := range tests {
		data, err := DecodeAvatarData(fixture(t, tc.file))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if err := VerifyAvatar(data, tc.id); err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if _, format, err := CheckImage(data); err != nil || format != tc.format {
			t.Fatalf("%s: %s, %v", tc.file, format, err)
		}
	}
}

func TestDecodeAvatarDataErrors(t *testing.T) {
	for _, bad := range []string{
		"<data xmlns='urn:xmpp:avatar:data'/>",
		"<data xmlns='urn:xmpp:avatar:data'>*not base64*</data>",
		"<data xmlns='urn:xmpp:avatar:metadata'>aGk=</data>",
		"<data>aGk=</data>",
	} {
		_, err := DecodeAvatarData([]byte(bad))
		wantMalformed(t, err)
	}
	big := EncodeAvatarData(make([]byte, MaxImageBytes+1))
	_, err := DecodeAvatarData(big)
	wantCode(t, err, codeTooLarge)
	_, err = DecodeAvatarData(make([]byte, maxAvatarXMLBytes+1))
	wantCode(t, err, codeTooLarge)
}

func TestAvatarMetadataRoundTrip(t *testing.T) {
	data := fixture(t, "avatar-48.png")
	a := Avatar{ID: pngID, Type: "image/png", Width: 48, Height: 48, Data: data}
	b := EncodeAvatarMetadata(a)
	want := `<metadata xmlns="urn:xmpp:avatar:metadata"><info bytes="336" id="` + pngID +
		`" type="image/png" width="48" height="48"></info></metadata>`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	got, disabled, err := DecodeAvatarMetadata(b)
	a.Data = nil
	if err != nil || disabled || !reflect.DeepEqual(got, a) {
		t.Fatalf("got %+v, %v, %v", got, disabled, err)
	}

	// A published URL is a second <info/> describing the image there; the
	// data's <info/> has none, so readers fetch the data.
	const url = "https://example.org/a.jpg?x=1&y=2"
	origin := &Origin{URL: url, ID: strings.Repeat("ab", 20), Type: "image/jpeg", Bytes: 123456, Width: 4000, Height: 3000}
	a = Avatar{ID: pngID, Type: "image/jpeg", Width: 48, Height: 48, Data: data, URL: url, Origin: origin}
	b = EncodeAvatarMetadata(a)
	want = `<metadata xmlns="urn:xmpp:avatar:metadata"><info bytes="336" id="` + pngID +
		`" type="image/jpeg" width="48" height="48"></info><info bytes="123456" id="` + origin.ID +
		`" type="image/jpeg" width="4000" height="3000" url="https://example.org/a.jpg?x=1&amp;y=2"></info></metadata>`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	got, _, err = DecodeAvatarMetadata(b)
	if err != nil || !reflect.DeepEqual(got, Avatar{ID: pngID, Type: "image/jpeg", Width: 48, Height: 48, URL: url}) {
		t.Fatalf("with URL: got %+v, %v", got, err)
	}
	// A URL with nothing known of the image there is not announced.
	a.Origin = nil
	if b := EncodeAvatarMetadata(a); strings.Contains(string(b), "url=") {
		t.Fatalf("URL without origin published: %s", b)
	}

	b = EncodeAvatarMetadata(Avatar{})
	if string(b) != `<metadata xmlns="urn:xmpp:avatar:metadata"></metadata>` {
		t.Fatalf("got %s", b)
	}
	got, disabled, err = DecodeAvatarMetadata(b)
	if err != nil || !disabled || !reflect.DeepEqual(got, Avatar{}) {
		t.Fatalf("got %+v, %v, %v", got, disabled, err)
	}
}

func TestDecodeAvatarMetadataFixtures(t *testing.T) {
	tests := []struct {
		file     string
		want     Avatar
		disabled bool
	}{
		{"gajim-avatar-metadata.xml", Avatar{ID: pngID, Type: "image/png", Width: 48, Height: 48}, false},
		{"conversations-avatar-metadata.xml", Avatar{ID: webpID, Type: "image/webp", Width: 100, Height: 100}, false},
		{"prosody-avatar-metadata-from-vcard.xml", Avatar{ID: pngID, Type: "image/png"}, false},
		{"xep0084-multi-metadata.xml", Avatar{ID: pngID, Type: "image/png", Width: 48, Height: 48, URL: "https://avatars.example.org/romeo.gif"}, false},
		{"disabled-metadata.xml", Avatar{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got, disabled, err := DecodeAvatarMetadata(fixture(t, tc.file))
			if err != nil || disabled != tc.disabled || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, %v, %v; want %+v, %v", got, disabled, err, tc.want, tc.disabled)
			}
		})
	}
}

func TestDecodeAvatarMetadataChoices(t *testing.T) {
	const ns = `<metadata xmlns='urn:xmpp:avatar:metadata'>`
	got, _, err := DecodeAvatarMetadata([]byte(ns + `<info bytes='1' id='AAA' type='image/jpeg' width='-5' height='x' url='javascript:alert(1)'/><info bytes='2' id='bbb' type='image/gif'/></metadata>`))
	if err != nil || !reflect.DeepEqual(got, Avatar{ID: "aaa", Type: "image/jpeg"}) {
		t.Fatalf("first info: %+v, %v", got, err)
	}
	_, _, err = DecodeAvatarMetadata([]byte(ns + `<info bytes='1' type='image/png'/></metadata>`))
	wantMalformed(t, err)
	// The data node holds the image whose <info/> has no url, whatever its
	// type: a PNG elsewhere is not fetched from the data node.
	got, _, err = DecodeAvatarMetadata([]byte(ns + `<info bytes='9' id='ccc' type='image/png' url='https://x.org/big.png'/><info bytes='2' id='ddd' type='image/jpeg'/></metadata>`))
	if err != nil || !reflect.DeepEqual(got, Avatar{ID: "ddd", Type: "image/jpeg", URL: "https://x.org/big.png"}) {
		t.Fatalf("info without url: %+v, %v", got, err)
	}
	// A huge announced size does not hide the rest of the profile;
	// DecodeAvatarData refuses the data itself.
	got, _, err = DecodeAvatarMetadata([]byte(ns + `<info bytes='20000000' id='` + pngID + `' type='image/png' url='https://x.org/big.png'/></metadata>`))
	if err != nil || got.URL != "https://x.org/big.png" || got.ID != pngID {
		t.Fatalf("got %+v, %v", got, err)
	}
	got, _, err = DecodeAvatarMetadata([]byte(ns + "<info bytes='1' id='\u202e" + pngID + "' type='image/png\u009b'/></metadata>"))
	if err != nil || got.ID != pngID || got.Type != "image/png" {
		t.Fatalf("got %+v, %v", got, err)
	}
	_, _, err = DecodeAvatarMetadata([]byte("<metadata xmlns='urn:xmpp:avatar:data'/>"))
	wantMalformed(t, err)
	_, _, err = DecodeAvatarMetadata(make([]byte, maxMetadataBytes+1))
	wantCode(t, err, codeTooLarge)
}

func TestVerifyAvatar(t *testing.T) {
	data := fixture(t, "avatar-48.png")
	if err := VerifyAvatar(data, strings.ToUpper(pngID)); err != nil {
		t.Fatal(err)
	}
	wantMalformed(t, VerifyAvatar(data[1:], pngID))
	wantMalformed(t, VerifyAvatar(data, ""))
}
